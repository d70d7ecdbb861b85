// Federation commands (docs/exchange.md): `nodes` at a parent, `upstream` at a child, `exchange`
// for the status, the relay, offline packages and rejected entries.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import type { Command } from './commands.ts';
import { args, helpText, printJson, resolvePath, withPlatform } from './shared.ts';
import { badRequest } from '../kernel/errors.ts';
import {
  addNode,
  listNodes,
  rotateNode,
  revokeNode,
  setUpstream,
  exchangeStatus,
  relayOnce,
  pullFeed,
  exportPackage,
  importPackage,
  applyAck,
  listRejected,
  dismissRejected,
} from '../modules/exchange/exchange.service.ts';

const NODES_HELP = `
xinyong nodes add --region CODE --name NAME [--alg hmac-sha256|hmac-sm3] [--json]
  Registers a child node (a city sub-centre; at the national node: the province) and prints its
  key id and secret once: {"nodeId","keyId","secret"}. Give both to the child's operator
  (xinyong upstream set there).
xinyong nodes list [--json]
xinyong nodes rotate --node KEY|REGION [--overlap-days N] [--json]
  A new secret; the current one keeps working for N days (default 30).
xinyong nodes revoke --node KEY|REGION [--json]
  Refuses every request of the node from now on.`;

const UPSTREAM_HELP = `
xinyong upstream set --url URL --key-id xn_….s1 --secret SECRET [--alg hmac-sha256|hmac-sm3] [--json]
  This node's parent. The secret is stored encrypted with the platform's keyring. The first time,
  every record version already on file is queued for delivery (the outbox).`;

const EXCHANGE_HELP = `
xinyong exchange status [--json]
  {"role","region","upstream":{…},"children":[…]}: the outbox towards the parent, and each child.
xinyong exchange relay [--json]
  Delivers the outbox now (the serve process does it by itself, every few seconds).
xinyong exchange pull [--json]
  Pulls the parent's downward feed (list entries and exits) now, from this node's cursor (serve does
  it every XINYONG_EXCHANGE_FEED_SECONDS).
xinyong exchange export --out FILE [--since OUTBOX_ID] [--json]
  Writes a signed, checksummed package of the pending outbox (数据拷贝), for a parent without a link.
xinyong exchange import FILE [--ack-out ACKFILE] [--json]
  At the parent: verifies and files a package; writes the acknowledgement (to ACKFILE or stdout).
xinyong exchange ack ACKFILE [--json]
  At the child: marks the package's entries delivered or rejected from the parent's acknowledgement.
xinyong exchange rejected [--json]
  Rejected entries at both ends, until resolved.
xinyong exchange dismiss --id ID --note TEXT [--node REGION] [--json]
  Resolves a rejected entry with a note (--node: one received from that child).`;

export const nodesCommand: Command = {
  summary: '下级节点 Child nodes at a parent: add, list, rotate, revoke',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, { region: { type: 'string' }, name: { type: 'string' }, alg: { type: 'string' }, node: { type: 'string' }, 'overlap-days': { type: 'string' } });
    if (values.help) return helpText(io, NODES_HELP);
    switch (sub) {
      case 'add':
        if (!values.region || !values.name) return helpText(io, NODES_HELP);
        return withPlatform(io, 'nodes add', async (p) => {
          const r = await addNode(p, io.actor, { region: values.region!, name: values.name!, alg: values.alg });
          if (values.json) printJson(io, { nodeId: r.nodeId, keyId: r.keyId, secret: r.secret });
          else io.log(`下级节点已登记 Child node registered: ${r.region} ${r.name} (${r.alg})\n  key id: ${r.keyId}\n  secret: ${r.secret}\n请立即保存密钥，它不会再次显示。Save the secret now: it is not shown again.\n下级平台执行 At the child: xinyong upstream set --url <this platform> --key-id ${r.keyId} --secret <secret>`);
          return 0;
        });
      case 'list':
        return withPlatform(io, 'nodes list', async (p) => {
          const nodes = await listNodes(p);
          if (values.json) printJson(io, { nodes });
          else if (nodes.length === 0) io.log('没有下级节点 No child nodes');
          else for (const n of nodes) io.log(`${n.region}  ${n.name}  ${n.keyId}  ${n.alg}  received ${n.received}  rejected ${n.rejected}  last ${n.lastReceivedAt ?? '—'}${n.revokedAt ? `  吊销 revoked ${n.revokedAt}` : ''}`);
          return 0;
        });
      case 'rotate':
        if (!values.node) return helpText(io, NODES_HELP);
        return withPlatform(io, 'nodes rotate', async (p) => {
          const r = await rotateNode(p, io.actor, values.node!, values['overlap-days'] === undefined ? 30 : Number(values['overlap-days']));
          if (values.json) printJson(io, { nodeId: r.nodeId, keyId: r.keyId, secret: r.secret });
          else io.log(`新密钥 New secret for ${r.region}\n  key id: ${r.keyId}\n  secret: ${r.secret}\n请立即保存密钥。Save the secret now.`);
          return 0;
        });
      case 'revoke':
        if (!values.node) return helpText(io, NODES_HELP);
        return withPlatform(io, 'nodes revoke', async (p) => {
          await revokeNode(p, io.actor, values.node!);
          if (values.json) printJson(io, { node: values.node, revoked: true });
          else io.log(`节点已吊销 Node ${values.node} revoked`);
          return 0;
        });
      default:
        if (sub && sub !== 'help') throw badRequest('SUBCOMMAND_UNKNOWN', `未知子命令 ${sub}`, `Unknown subcommand ${sub}`);
        return helpText(io, NODES_HELP);
    }
  },
};

export const upstreamCommand: Command = {
  summary: '上级平台 This node’s parent: set',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, { url: { type: 'string' }, 'key-id': { type: 'string' }, secret: { type: 'string' }, alg: { type: 'string' } });
    if (values.help || sub !== 'set' || !values.url || !values['key-id'] || !values.secret) return helpText(io, UPSTREAM_HELP);
    return withPlatform(io, 'upstream set', async (p) => {
      const r = await setUpstream(p, io.actor, { url: values.url!, keyId: values['key-id']!, secret: values.secret!, alg: values.alg });
      if (values.json) printJson(io, r);
      else io.log(`上级平台已设置 Upstream set: ${r.url} (${r.keyId}); ${r.queued} 条已有记录版本待报送 existing record versions queued`);
      return 0;
    });
  },
};

export const exchangeCommand: Command = {
  summary: '节点交换 Exchange: status, relay, pull, export/import/ack (数据拷贝), rejected, dismiss',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(
      rest,
      { out: { type: 'string' }, since: { type: 'string' }, 'ack-out': { type: 'string' }, id: { type: 'string' }, note: { type: 'string' }, node: { type: 'string' } },
      true,
    );
    if (values.help) return helpText(io, EXCHANGE_HELP);
    switch (sub) {
      case 'status':
        return withPlatform(io, 'exchange status', async (p) => {
          const s = await exchangeStatus(p);
          if (values.json) printJson(io, s);
          else {
            io.log(`本节点 This node: ${s.role} ${s.region}`);
            if (s.upstream)
              io.log(`上级 Upstream ${s.upstream.url}: pending ${s.upstream.pending} (oldest ${s.upstream.oldestPendingAt ?? '—'}), delivered ${s.upstream.delivered}, rejected ${s.upstream.rejected}, last success ${s.upstream.lastSuccessAt ?? '—'}${s.upstream.lastError ? `, last error: ${s.upstream.lastError}` : ''}`);
            else io.log('未设置上级 No upstream');
            for (const c of s.children) io.log(`下级 Child ${c.region} ${c.name}: received ${c.received}, rejected ${c.rejected}, last ${c.lastReceivedAt ?? '—'}, feed cursor ${c.feedCursor ?? '—'}`);
          }
          return 0;
        });
      case 'relay':
        return withPlatform(io, 'exchange relay', async (p) => {
          const r = await relayOnce(p, { ignoreBackoff: true });
          if (values.json) printJson(io, r);
          else io.log(`${r.state}: sent ${r.sent}, accepted ${r.accepted}, duplicate ${r.duplicate}, rejected ${r.rejected}${r.error ? `; ${r.error}` : ''}`);
          return r.state === 'failed' ? 1 : 0;
        });
      case 'pull':
        return withPlatform(io, 'exchange pull', async (p) => {
          const r = await pullFeed(p);
          if (values.json) printJson(io, r);
          else io.log(`${r.state}: pages ${r.pages}, filed ${r.accepted}, duplicate ${r.duplicate}, rejected ${r.rejected}; items applied ${r.items.accepted}, unchanged ${r.items.unchanged}, ignored ${r.items.ignored}, rejected ${r.items.rejected}, duplicate ${r.items.duplicate}; cursor ${r.cursor}${r.error ? `; ${r.error}` : ''}`);
          return r.state === 'failed' ? 1 : 0;
        });
      case 'export': {
        if (!values.out) return helpText(io, EXCHANGE_HELP);
        if (values.since !== undefined && !/^\d{1,18}$/.test(values.since)) throw badRequest('CURSOR_INVALID', '--since 应为发件箱编号', '--since must be an outbox id');
        return withPlatform(io, 'exchange export', async (p) => {
          const { text, manifest } = await exportPackage(p, { since: values.since === undefined ? undefined : Number(values.since) });
          const file = resolvePath(io, values.out!);
          writeFileSync(`${file}.part`, text);
          renameSync(`${file}.part`, file);
          if (values.json) printJson(io, { file, ...manifest });
          else io.log(`交换包已写出 Package written: ${file}: ${manifest.count} entries (outbox ${manifest.firstId ?? '—'}…${manifest.lastId ?? '—'}), sha256 ${manifest.payloadSha256}`);
          return 0;
        });
      }
      case 'import': {
        const file = positionals[0];
        if (!file) return helpText(io, EXCHANGE_HELP);
        return withPlatform(io, 'exchange import', async (p) => {
          const ack = await importPackage(p, io.actor, readFileSync(resolvePath(io, file), 'utf8'));
          const counts = { accepted: 0, duplicate: 0, rejected: 0 };
          for (const r of ack.results) counts[r.outcome] += 1;
          if (values['ack-out']) writeFileSync(resolvePath(io, values['ack-out']), JSON.stringify(ack));
          if (values.json) printJson(io, values['ack-out'] ? { ...counts, ackFile: resolvePath(io, values['ack-out']) } : ack);
          else if (values['ack-out']) io.log(`已接收 Filed: accepted ${counts.accepted}, duplicate ${counts.duplicate}, rejected ${counts.rejected}; 回执 acknowledgement: ${values['ack-out']}`);
          else io.log(JSON.stringify(ack));
          return 0;
        });
      }
      case 'ack': {
        const file = positionals[0];
        if (!file) return helpText(io, EXCHANGE_HELP);
        return withPlatform(io, 'exchange ack', async (p) => {
          const r = await applyAck(p, io.actor, readFileSync(resolvePath(io, file), 'utf8'));
          if (values.json) printJson(io, r);
          else io.log(`回执已处理 Acknowledgement applied: accepted ${r.accepted}, duplicate ${r.duplicate}, rejected ${r.rejected}`);
          return 0;
        });
      }
      case 'rejected':
        return withPlatform(io, 'exchange rejected', async (p) => {
          const r = await listRejected(p);
          if (values.json) printJson(io, r);
          else {
            for (const e of r.outbox) io.log(`发件箱 outbox #${e.id} ${e.category} ${e.ref} ${e.department}: ${(e.errors as { zh?: string }[]).map((x) => x.zh).join('；')}`);
            for (const e of r.received) io.log(`收到 from ${e.node} #${e.id} ${e.category} ${e.ref} ${e.department}: ${(e.errors as { zh?: string }[]).map((x) => x.zh).join('；')}`);
            if (!r.outbox.length && !r.received.length) io.log('没有未处理的被拒条目 No unresolved rejected entries');
          }
          return 0;
        });
      case 'dismiss':
        if (!values.id || !values.note) return helpText(io, EXCHANGE_HELP);
        return withPlatform(io, 'exchange dismiss', async (p) => {
          await dismissRejected(p, io.actor, { id: values.id!, note: values.note!, node: values.node });
          if (values.json) printJson(io, { id: values.id, dismissed: true });
          else io.log(`已处理 Dismissed ${values.id}`);
          return 0;
        });
      default:
        if (sub && sub !== 'help') throw badRequest('SUBCOMMAND_UNKNOWN', `未知子命令 ${sub}`, `Unknown subcommand ${sub}`);
        return helpText(io, EXCHANGE_HELP);
    }
  },
};

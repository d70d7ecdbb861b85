// One code, one subject (一码索引): the key a subject is filed under.
import { isUsccPlaceholder, orgCodeFromUscc } from '../../kernel/codes/uscc.ts';
import { maskIdNumber, ID_TYPE_LABELS, type IdType } from '../../kernel/codes/id-number.ts';
import type { FieldCrypto } from '../../kernel/crypto.ts';
import type { SubjectIdentity } from '../catalog/catalog.types.ts';

export type SubjectKind = 'organization' | 'individual_business' | 'person';

export type SubjectRow = {
  key: string;
  kind: SubjectKind;
  name: string;
  uscc: string | null;
  orgCode: string | null;
  regNo: string | null;
  idType: string | null;
  idBlind: string | null;
  idCipher: string | null;
  idMasked: string | null;
};

export function subjectKeyOf(identity: SubjectIdentity, crypto: FieldCrypto): string {
  if (identity.kind === 'person') return `ID:${identity.idType}:${crypto.blindIndex(identity.idNumber)}`;
  if (isUsccPlaceholder(identity.uscc)) return `REGNO:${identity.regNo}`;
  return `USCC:${identity.uscc}`;
}

export function subjectRowOf(identity: SubjectIdentity, crypto: FieldCrypto): SubjectRow {
  const key = subjectKeyOf(identity, crypto);
  if (identity.kind === 'person')
    return {
      key,
      kind: 'person',
      name: identity.name,
      uscc: null,
      orgCode: null,
      regNo: null,
      idType: identity.idType,
      idBlind: crypto.blindIndex(identity.idNumber),
      idCipher: crypto.encrypt(identity.idNumber),
      idMasked: maskIdNumber(identity.idNumber),
    };
  const placeholder = isUsccPlaceholder(identity.uscc);
  return {
    key,
    kind: identity.kind,
    name: identity.name,
    uscc: placeholder ? null : identity.uscc,
    orgCode: placeholder ? null : orgCodeFromUscc(identity.uscc),
    regNo: identity.regNo ?? null,
    idType: null,
    idBlind: null,
    idCipher: null,
    idMasked: null,
  };
}

// The subject fields of a record another module files for a subject (ZTMC, ZTLB, TYSHXYDM, GSZCH,
// ZJLX, ZJHM: the catalog's common subject columns), from its identity on file.
export function subjectRecordValues(who: { kind: string; name: string; uscc: string | null; regNo: string | null; idType: string | null; idNumber: string | null }): Record<string, unknown> {
  return {
    ZTMC: who.name,
    ZTLB: who.kind === 'person' ? '自然人' : who.kind === 'individual_business' ? '个体工商户' : '法人及非法人组织',
    TYSHXYDM: who.uscc ?? (who.kind === 'person' ? null : '00000000000000000X'),
    GSZCH: who.regNo,
    ZJLX: who.idType ? (ID_TYPE_LABELS[who.idType as IdType] ?? who.idType) : null,
    ZJHM: who.idNumber,
  };
}

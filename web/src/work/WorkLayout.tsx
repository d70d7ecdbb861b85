import { useMemo, useState } from 'react';
import { App as AntApp, Avatar, Dropdown, Layout, Menu, Modal, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { DownOutlined, KeyOutlined, LogoutOutlined, PoweroffOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession, useUser } from './session.tsx';
import type { WorkPage } from './pages.tsx';
import { ROLE_COLOR, ROLE_LABEL, menuGroups, selectedMenuKey } from './nav.ts';

export type WorkOutletContext = { groups: { group: string; items: WorkPage[] }[] };

function menuItems(groups: WorkOutletContext['groups']): MenuProps['items'] {
  return groups.map(({ group, items }) => {
    const links = items.map((p) => ({
      key: p.key,
      icon: p.icon,
      label: (
        <Link to={p.path === '/' ? '/work' : `/work${p.path}`} data-testid={`menu-${p.key}`}>
          {p.label}
        </Link>
      ),
    }));
    // a group of one page named like the page is just that page
    if (items.length === 1 && items[0]!.label === group) return links[0]!;
    return { type: 'group' as const, key: `group:${group}`, label: group, children: links };
  });
}

// Layout of the work portal: header with the signed-in user, side menu of the pages the user's
// role may open (WORK_PAGES), the page in the middle.
export function WorkLayout({ pages }: { pages: readonly WorkPage[] }) {
  const user = useUser();
  const { signOut } = useSession();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const [confirmEverywhere, setConfirmEverywhere] = useState(false);
  const [busy, setBusy] = useState(false);
  const { message } = AntApp.useApp();

  const groups = useMemo(() => menuGroups(user.role, pages), [user.role, pages]);
  const inner = pathname.replace(/^\/work/, '') || '/';
  const selected = selectedMenuKey(inner, pages);

  const userMenu: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-password">修改密码</span> },
    { type: 'divider' },
    { key: 'sign-out', icon: <LogoutOutlined />, label: <span data-testid="sign-out">退出登录</span> },
    { key: 'sign-out-everywhere', icon: <PoweroffOutlined />, danger: true, label: <span data-testid="sign-out-everywhere">退出所有设备</span> },
  ];
  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') navigate('/work/password');
    else if (key === 'sign-out') void signOut(false).catch(() => message.error('退出登录失败，请重试'));
    else if (key === 'sign-out-everywhere') setConfirmEverywhere(true);
  };

  const where = user.department ? user.department.name : user.regionName;

  return (
    <Layout className="xy-work" style={{ minHeight: '100vh' }}>
      <Layout.Header className="xy-work-header">
        <Link to="/work" className="xy-work-brand">
          信用河北 <span className="xy-work-brand-sub">政务门户</span>
        </Link>
        <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']} placement="bottomRight">
          <button type="button" className="xy-work-user" data-testid="user-menu">
            <Avatar size="small" icon={<UserOutlined />} style={{ background: '#0b3f82' }} />
            <span className="xy-work-user-text">
              <span data-testid="user-name" className="xy-work-user-name">
                {user.displayName}
              </span>
              <Tag color={ROLE_COLOR[user.role]} data-testid="user-role" style={{ marginInlineEnd: 0 }}>
                {ROLE_LABEL[user.role]}
              </Tag>
              <span className="xy-work-user-where" data-testid="user-where" title={`${where}（${user.regionName}）`}>
                {where}
                {user.department ? ` · ${user.regionName}` : ''}
              </span>
            </span>
            <DownOutlined style={{ fontSize: 10 }} />
          </button>
        </Dropdown>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={216} theme="light" breakpoint="lg" collapsedWidth={0} className="xy-work-sider">
          <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={menuItems(groups)} data-testid="side-menu" style={{ borderInlineEnd: 'none' }} />
        </Layout.Sider>
        <Layout.Content className="xy-work-content">
          <Outlet context={{ groups } satisfies WorkOutletContext} />
        </Layout.Content>
      </Layout>
      <Modal
        open={confirmEverywhere}
        title="退出所有设备"
        okText="全部退出"
        okButtonProps={{ danger: true, loading: busy, 'data-testid': 'confirm-sign-out-everywhere' }}
        cancelText="取消"
        onCancel={() => setConfirmEverywhere(false)}
        onOk={async () => {
          setBusy(true);
          try {
            await signOut(true);
          } catch {
            message.error('操作失败，请重试');
          } finally {
            setBusy(false);
            setConfirmEverywhere(false);
          }
        }}
      >
        <Typography.Paragraph>将结束您在所有浏览器和设备上的登录（包括本设备）。如怀疑账号被他人使用，请随后修改密码。</Typography.Paragraph>
      </Modal>
    </Layout>
  );
}

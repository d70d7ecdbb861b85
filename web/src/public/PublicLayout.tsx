import { Layout, Menu } from 'antd';
import { Link, Outlet, ScrollRestoration, useLocation } from 'react-router-dom';
import './public.css';

const NAV = [
  { key: '/', label: <Link to="/">首页</Link> },
  { key: '/search', label: <Link to="/search">信用查询</Link> },
  { key: '/publications', label: <Link to="/publications">双公示</Link> },
  { key: '/lists', label: <Link to="/lists">红黑名单</Link> },
  { key: '/exemplars', label: <Link to="/exemplars">诚信典型</Link> },
  { key: '/statistics', label: <Link to="/statistics">公示统计</Link> },
  { key: '/objections', label: <Link to="/objections">异议申请</Link> },
  { key: '/repair', label: <Link to="/repair">信用修复</Link> },
  { key: '/reports', label: <Link to="/reports">信用报告</Link> },
  { key: '/me', label: <Link to="/me">我的信用档案</Link> },
  { key: '/tips', label: <Link to="/tips">举报</Link> },
];

function navKey(pathname: string): string {
  if (pathname.startsWith('/search') || pathname.startsWith('/subjects')) return '/search';
  if (pathname.startsWith('/publications')) return '/publications';
  if (pathname.startsWith('/lists')) return '/lists';
  if (pathname.startsWith('/statistics')) return '/statistics';
  if (pathname.startsWith('/exemplars')) return '/exemplars';
  for (const k of ['/objections', '/repair', '/reports', '/me', '/tips']) if (pathname === k || pathname.startsWith(`${k}/`)) return k;
  return '/';
}

// Layout of the public portal (信用河北); the staff work portal gets its own layout under /work.
export function PublicLayout() {
  const { pathname } = useLocation();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f3f5f8' }}>
      <header className="xy-header">
        <div className="xy-header-inner">
          <Link to="/" className="xy-brand">
            信用河北
          </Link>
          <span className="xy-brand-sub">河北省公共信用信息共享平台</span>
        </div>
      </header>
      <nav className="xy-nav" aria-label="主导航">
        <div className="xy-nav-inner">
          <Menu mode="horizontal" selectedKeys={[navKey(pathname)]} items={NAV} />
        </div>
      </nav>
      <main className="xy-content">
        <Outlet />
      </main>
      <footer className="xy-footer">
        <div className="xy-footer-inner">
          <nav className="xy-footer-links" aria-label="信用服务">
            <Link to="/reports/verify">信用报告核验</Link>
            <Link to="/reports">信用报告</Link>
            <Link to="/objections">异议申请</Link>
            <Link to="/repair">信用修复</Link>
            <Link to="/me">我的信用档案</Link>
            <Link to="/counties">县级平台</Link>
          </nav>
          <div>主办单位：河北省发展和改革委员会</div>
          <div>信用河北 · 河北省公共信用信息共享平台　本站公示信息依法向社会公开，如有异议可向作出决定的部门提出。</div>
        </div>
      </footer>
      <ScrollRestoration />
    </Layout>
  );
}

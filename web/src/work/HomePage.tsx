import { Card, Col, Descriptions, Empty, Row, Tag, Typography } from 'antd';
import { Link, useOutletContext } from 'react-router-dom';
import { useUser } from './session.tsx';
import type { WorkOutletContext } from './WorkLayout.tsx';
import { ROLE_COLOR, ROLE_LABEL, formatDateTime } from './nav.ts';

// 工作台: who is signed in, and the pages their role may open.
export function HomePage() {
  const user = useUser();
  const { groups } = useOutletContext<WorkOutletContext>();
  const shortcuts = groups.flatMap((g) => g.items).filter((p) => p.path !== '/');
  return (
    <>
      <title>工作台 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        工作台
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} title={`您好，${user.displayName}`} data-testid="home-user">
          <Descriptions.Item label="用户名">{user.username}</Descriptions.Item>
          <Descriptions.Item label="角色">
            <Tag color={ROLE_COLOR[user.role]}>{ROLE_LABEL[user.role]}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="行政区划">{user.regionName}</Descriptions.Item>
          {user.department && <Descriptions.Item label="所属部门">{user.department.name}</Descriptions.Item>}
          <Descriptions.Item label="动态口令">{user.totpEnabled ? '已启用' : '未启用'}</Descriptions.Item>
          <Descriptions.Item label="最近登录">{formatDateTime(user.lastSignInAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="常用功能">
        {shortcuts.length === 0 ? (
          <Empty description="您的角色暂无可用功能" />
        ) : (
          <Row gutter={[16, 16]}>
            {shortcuts.map((p) => (
              <Col key={p.key} xs={24} sm={12} lg={8} xl={6}>
                <Link to={`/work${p.path}`} data-testid={`shortcut-${p.key}`}>
                  <Card size="small" hoverable>
                    <span style={{ fontSize: 18, marginRight: 8, color: '#1557a8' }}>{p.icon}</span>
                    <span style={{ fontSize: 15 }}>{p.label}</span>
                    <div style={{ color: '#888', fontSize: 12, marginTop: 4 }}>{p.menu}</div>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        )}
      </Card>
    </>
  );
}

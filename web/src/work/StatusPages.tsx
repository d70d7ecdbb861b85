import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';

export function ForbiddenPage() {
  return (
    <>
      <title>无权访问 - 政务门户</title>
      <Result
        status="403"
        title="无权访问"
        subTitle="您的角色无权访问此页面。如需开通，请联系本单位管理员。"
        data-testid="forbidden-page"
        extra={
          <Link to="/work">
            <Button type="primary">返回工作台</Button>
          </Link>
        }
      />
    </>
  );
}

export function WorkNotFoundPage() {
  return (
    <>
      <title>页面不存在 - 政务门户</title>
      <Result
        status="404"
        title="页面不存在"
        subTitle="您访问的页面不存在。"
        data-testid="work-not-found"
        extra={
          <Link to="/work">
            <Button type="primary">返回工作台</Button>
          </Link>
        }
      />
    </>
  );
}

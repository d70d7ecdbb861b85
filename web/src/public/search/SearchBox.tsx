import { useState } from 'react';
import { Button, Input, Space, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';

export const SEARCH_PLACEHOLDER = '输入企业名称、统一社会信用代码或注册号';

// Submitting always lands on /search?q=…, page 1; an empty query never reaches the server.
export function SearchBox({ initialQuery = '', size = 'large' }: { initialQuery?: string; size?: 'large' | 'middle' }) {
  const navigate = useNavigate();
  const [value, setValue] = useState(initialQuery);
  const [empty, setEmpty] = useState(false);

  const submit = () => {
    const q = value.trim();
    if (!q) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    navigate(`/search?q=${encodeURIComponent(q)}`);
  };

  return (
    <div role="search">
      <Space.Compact block size={size}>
        <Input
          data-testid="search-input"
          aria-label="查询内容"
          placeholder={SEARCH_PLACEHOLDER}
          value={value}
          maxLength={100}
          allowClear
          status={empty ? 'error' : undefined}
          onChange={(e) => {
            setValue(e.target.value);
            if (empty && e.target.value.trim()) setEmpty(false);
          }}
          onPressEnter={submit}
        />
        <Button data-testid="search-button" type="primary" onClick={submit} style={{ minWidth: 96 }}>
          查询
        </Button>
      </Space.Compact>
      {empty && (
        <Typography.Text type="danger" style={{ display: 'block', marginTop: 6 }}>
          请输入企业名称、统一社会信用代码或注册号
        </Typography.Text>
      )}
    </div>
  );
}

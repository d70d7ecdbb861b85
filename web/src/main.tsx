import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App } from './App.tsx';

// The date pickers take month and weekday names from dayjs' locale.
dayjs.locale('zh-cn');

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      theme={{
        token: {
          colorPrimary: '#1557a8',
          // links and secondary text dark enough for 4.5:1 on white (GB/T 37668, WCAG 1.4.3): antd's
          // defaults (#1677ff, 45 % black) are 4.1:1 and 2.8:1
          colorLink: '#1557a8',
          colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
          colorTextDescription: 'rgba(0, 0, 0, 0.65)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
          borderRadius: 4,
          fontSize: 14,
        },
      }}
    >
      <App />
    </ConfigProvider>
  </StrictMode>,
);

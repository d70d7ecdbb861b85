import type { ReactNode } from 'react';
import {
  ApiOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  ClockCircleOutlined,
  FileSearchOutlined,
  OrderedListOutlined,
  ProfileOutlined,
  UserDeleteOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  AlertOutlined,
  ExceptionOutlined,
  IdcardOutlined,
  ReconciliationOutlined,
  HistoryOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  SearchOutlined,
  TableOutlined,
  BookOutlined,
  TrophyOutlined,
  FundOutlined,
  WarningOutlined,
  BulbOutlined,
  NotificationOutlined,
  BankOutlined,
  ClusterOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import type { PageEntry } from './nav.ts';
import { DEPARTMENT_ROLES } from './nav.ts';
import { HomePage } from './HomePage.tsx';
import { PasswordPage } from './auth/PasswordPage.tsx';
import { UploadPage } from './collection/UploadPage.tsx';
import { BatchesPage } from './collection/BatchesPage.tsx';
import { BatchDetailPage } from './collection/BatchDetailPage.tsx';
import { DepartmentsPage } from './admin/DepartmentsPage.tsx';
import { UsersPage } from './admin/UsersPage.tsx';
import { ClientsPage } from './admin/ClientsPage.tsx';
import { AuditEventsPage } from './audit/AuditEventsPage.tsx';
import { AuditVerifyPage } from './audit/AuditVerifyPage.tsx';
import { ObjectionsPage } from './rights/ObjectionsPage.tsx';
import { ObjectionDetailPage } from './rights/ObjectionDetailPage.tsx';
import { RepairsPage } from './rights/RepairsPage.tsx';
import { RepairDetailPage } from './rights/RepairDetailPage.tsx';
import { EscalationsPage } from './rights/EscalationsPage.tsx';
import { WindowObjectionPage } from './rights/WindowObjectionPage.tsx';
import { CheckPage } from './sanctions/CheckPage.tsx';
import { CheckDetailPage } from './sanctions/CheckDetailPage.tsx';
import { PendingPage } from './sanctions/PendingPage.tsx';
import { CasesPage } from './sanctions/CasesPage.tsx';
import { RatesPage } from './sanctions/RatesPage.tsx';
import { MeasuresPage } from './sanctions/MeasuresPage.tsx';
import { ExitPage } from './sanctions/ExitPage.tsx';
import { InquiryPage } from './inquiry/InquiryPage.tsx';
import { PractitionersPage } from './classification/PractitionersPage.tsx';
import { OwnRecordsPage } from './inquiry/OwnRecordsPage.tsx';
import { CommitmentsPage } from './commitments/CommitmentsPage.tsx';
import { ExemplarsPage } from './exemplars/ExemplarsPage.tsx';
import { CreditWarningsPage } from './sanctions/CreditWarningsPage.tsx';
import { DeclarationsPage } from './declarations/DeclarationsPage.tsx';
import { SubscriptionsPage } from './subscriptions/SubscriptionsPage.tsx';
import { ProposalsPage } from './proposals/ProposalsPage.tsx';
import { TipsPage } from './tips/TipsPage.tsx';
import { TipDetailPage } from './tips/TipDetailPage.tsx';
import './sanctions/sanctions.css';
import { DirectoryPage } from './monitoring/DirectoryPage.tsx';
import { EvaluationPage } from './monitoring/EvaluationPage.tsx';
import { DashboardPage } from './monitoring/DashboardPage.tsx';
import { GovernmentEvaluationPage } from './government/GovernmentEvaluationPage.tsx';
import { WarningsPage } from './monitoring/WarningsPage.tsx';
import { ExchangeStatusPage } from './exchange/ExchangeStatusPage.tsx';
import { CountiesPage } from './exchange/CountiesPage.tsx';

export type WorkPage = PageEntry & { element: ReactNode; icon?: ReactNode };

// Checks, feedback and cases: the department's own, and operators of the region (the API's READERS).
const SANCTION_READERS = [...DEPARTMENT_ROLES, 'operator', 'platform_admin'] as const;

// Every page of the work portal, in menu order. A capability adds its pages here, one entry
// each: the route, the side-menu item and the role check all follow from the entry.
export const WORK_PAGES: readonly WorkPage[] = [
  { key: 'home', path: '/', label: '工作台', roles: [], menu: '工作台', icon: <DashboardOutlined />, element: <HomePage /> },

  { key: 'upload', path: '/collection/upload', label: '上传数据文件', roles: DEPARTMENT_ROLES, menu: '数据归集', icon: <CloudUploadOutlined />, element: <UploadPage /> },
  { key: 'batches', path: '/collection/batches', label: '批次记录', roles: DEPARTMENT_ROLES, menu: '数据归集', icon: <HistoryOutlined />, element: <BatchesPage /> },
  { key: 'own-records', path: '/collection/records', label: '报送记录', roles: DEPARTMENT_ROLES, menu: '数据归集', icon: <TableOutlined />, element: <OwnRecordsPage /> },
  { key: 'batch', path: '/collection/batches/:id', label: '批次详情', roles: DEPARTMENT_ROLES, parent: 'batches', element: <BatchDetailPage /> },

  // the full credit file for a stated purpose: the roles the personal-data rule lets read full files
  { key: 'inquiry', path: '/inquiry', label: '信用查询', roles: [...DEPARTMENT_ROLES, 'operator'], menu: '信用查询', icon: <SearchOutlined />, element: <InquiryPage /> },
  // 重点职业人群: staff of an occupation's competent department (the API's PRACTITIONER_READERS)
  { key: 'practitioners', path: '/classification/practitioners', label: '从业人员信用', roles: DEPARTMENT_ROLES, menu: '信用查询', icon: <TeamOutlined />, element: <PractitionersPage /> },

  { key: 'credit-check', path: '/sanctions/check', label: '信用核查', roles: DEPARTMENT_ROLES, menu: '联合奖惩', icon: <FileSearchOutlined />, element: <CheckPage /> },
  { key: 'pending-feedback', path: '/sanctions/pending', label: '待反馈', roles: SANCTION_READERS, menu: '联合奖惩', icon: <ClockCircleOutlined />, element: <PendingPage /> },
  { key: 'credit-check-detail', path: '/sanctions/checks/:id', label: '核查详情', roles: SANCTION_READERS, parent: 'pending-feedback', element: <CheckDetailPage /> },
  { key: 'sanction-cases', path: '/sanctions/cases', label: '奖惩案例', roles: SANCTION_READERS, menu: '联合奖惩', icon: <ProfileOutlined />, element: <CasesPage /> },
  { key: 'feedback-rates', path: '/sanctions/rates', label: '反馈统计', roles: ['operator', 'platform_admin'], menu: '联合奖惩', icon: <BarChartOutlined />, element: <RatesPage /> },
  { key: 'measures', path: '/sanctions/measures', label: '措施清单', roles: SANCTION_READERS, menu: '联合奖惩', icon: <OrderedListOutlined />, element: <MeasuresPage /> },
  { key: 'commitments', path: '/sanctions/commitments', label: '信用承诺', roles: SANCTION_READERS, menu: '联合奖惩', icon: <ReconciliationOutlined />, element: <CommitmentsPage /> },
  { key: 'exemplars', path: '/sanctions/exemplars', label: '诚信典型', roles: [...SANCTION_READERS, 'auditor'], menu: '联合奖惩', icon: <TrophyOutlined />, element: <ExemplarsPage /> },
  { key: 'declarations', path: '/sanctions/declarations', label: '主动申报审核', roles: [...SANCTION_READERS, 'auditor'], menu: '联合奖惩', icon: <AuditOutlined />, element: <DeclarationsPage /> },
  { key: 'subscriptions', path: '/sanctions/subscriptions', label: '变动订阅', roles: SANCTION_READERS, menu: '联合奖惩', icon: <NotificationOutlined />, element: <SubscriptionsPage /> },
  { key: 'credit-warnings', path: '/sanctions/credit-warnings', label: '信用警示', roles: [...SANCTION_READERS, 'auditor'], menu: '联合奖惩', icon: <AlertOutlined />, element: <CreditWarningsPage /> },
  { key: 'list-exit', path: '/sanctions/exits', label: '名单移出', roles: DEPARTMENT_ROLES, menu: '联合奖惩', icon: <UserDeleteOutlined />, element: <ExitPage /> },

  // objections and repair: the department answers (the API's DECIDERS); operators of the region read
  { key: 'objections', path: '/rights/objections', label: '异议处理', roles: [...DEPARTMENT_ROLES, 'operator', 'platform_admin'], menu: '异议与修复', icon: <ExceptionOutlined />, element: <ObjectionsPage /> },
  // 窗口代办: staff file for an applicant who showed an identity document (the API's COUNTER)
  { key: 'objection-window', path: '/rights/window', label: '窗口代办异议', roles: [...DEPARTMENT_ROLES, 'operator', 'platform_admin'], menu: '异议与修复', icon: <IdcardOutlined />, element: <WindowObjectionPage /> },
  { key: 'objection', path: '/rights/objections/:id', label: '异议详情', roles: [...DEPARTMENT_ROLES, 'operator', 'platform_admin', 'auditor'], parent: 'objections', element: <ObjectionDetailPage /> },
  { key: 'repairs', path: '/rights/repairs', label: '信用修复审核', roles: [...DEPARTMENT_ROLES, 'operator', 'platform_admin'], menu: '异议与修复', icon: <ReconciliationOutlined />, element: <RepairsPage /> },
  { key: 'repair', path: '/rights/repairs/:id', label: '修复申请详情', roles: [...DEPARTMENT_ROLES, 'operator', 'platform_admin', 'auditor'], parent: 'repairs', element: <RepairDetailPage /> },
  { key: 'escalations', path: '/rights/escalations', label: '逾期督办', roles: ['operator', 'platform_admin', 'auditor'], menu: '异议与修复', icon: <AlertOutlined />, element: <EscalationsPage /> },

  { key: 'dashboard', path: '/monitoring/dashboard', label: '监测看板', roles: ['operator', 'platform_admin', 'auditor'], menu: '监测考核', icon: <FundOutlined />, element: <DashboardPage /> },
  { key: 'evaluation', path: '/monitoring/evaluation', label: '考核评估', roles: ['operator', 'platform_admin', 'auditor'], menu: '监测考核', icon: <TrophyOutlined />, element: <EvaluationPage /> },
  { key: 'warnings', path: '/monitoring/warnings', label: '监测预警', roles: ['operator', 'platform_admin', 'auditor'], menu: '监测考核', icon: <WarningOutlined />, element: <WarningsPage /> },
  { key: 'government-evaluation', path: '/monitoring/government', label: '政府信用评估', roles: ['operator', 'platform_admin', 'auditor'], menu: '监测考核', icon: <BankOutlined />, element: <GovernmentEvaluationPage /> },
  { key: 'directory', path: '/monitoring/directory', label: '资源目录', roles: ['operator', 'platform_admin', 'auditor', 'department_admin', 'department_clerk'], menu: '监测考核', icon: <BookOutlined />, element: <DirectoryPage /> },
  // federation (docs/exchange.md): the API's OPERATORS read the status; operators change counties
  { key: 'exchange-status', path: '/exchange/status', label: '交换状态', roles: ['operator', 'platform_admin', 'auditor'], menu: '节点交换', icon: <SwapOutlined />, element: <ExchangeStatusPage /> },
  { key: 'counties', path: '/exchange/counties', label: '县级虚拟平台', roles: ['operator', 'platform_admin', 'auditor'], menu: '节点交换', icon: <ClusterOutlined />, element: <CountiesPage /> },
  // tips: the tip handlers of the routed department handle them; operators of the region route them
  { key: 'tips', path: '/tips', label: '举报办理', roles: ['tip_handler', 'operator', 'platform_admin'], menu: '举报', icon: <NotificationOutlined />, element: <TipsPage /> },
  { key: 'tip', path: '/tips/:id', label: '举报详情', roles: ['tip_handler', 'operator', 'platform_admin'], parent: 'tips', element: <TipDetailPage /> },

  { key: 'departments', path: '/admin/departments', label: '部门管理', roles: ['platform_admin', 'operator', 'department_admin'], menu: '系统管理', icon: <ApartmentOutlined />, element: <DepartmentsPage /> },
  { key: 'users', path: '/admin/users', label: '用户管理', roles: ['platform_admin', 'department_admin'], menu: '系统管理', icon: <TeamOutlined />, element: <UsersPage /> },
  { key: 'proposals', path: '/admin/proposals', label: '全省设置建议', roles: ['platform_admin', 'operator'], menu: '系统管理', icon: <BulbOutlined />, element: <ProposalsPage /> },
  { key: 'clients', path: '/admin/clients', label: '接口凭证', roles: ['platform_admin', 'department_admin'], menu: '系统管理', icon: <ApiOutlined />, element: <ClientsPage /> },

  { key: 'audit-events', path: '/audit/events', label: '审计日志', roles: ['auditor'], menu: '安全审计', icon: <AuditOutlined />, element: <AuditEventsPage /> },
  { key: 'audit-verify', path: '/audit/verify', label: '日志完整性校验', roles: ['auditor', 'platform_admin'], menu: '安全审计', icon: <SafetyCertificateOutlined />, element: <AuditVerifyPage /> },

  { key: 'password', path: '/password', label: '修改密码', roles: [], element: <PasswordPage /> },
];

import type { RouteObject } from 'react-router-dom';
import { HomePage } from './home/HomePage.tsx';
import { EntryPage } from './lists/EntryPage.tsx';
import { ListEntriesPage } from './lists/ListEntriesPage.tsx';
import { ListsPage } from './lists/ListsPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { PublicLayout } from './PublicLayout.tsx';
import { PublicationsPage } from './publications/PublicationsPage.tsx';
import { rightsRoutes } from './rights/rightsRoutes.tsx';
import { SearchPage } from './search/SearchPage.tsx';
import { StatisticsPage } from './statistics/StatisticsPage.tsx';
import { SubjectPage } from './subjects/SubjectPage.tsx';
import { ExemplarsPage } from './exemplars/ExemplarsPage.tsx';
import { TipPage } from './tips/TipPage.tsx';
import { TipStatusPage } from './tips/TipStatusPage.tsx';
import { CountiesPage, CountyPage } from './county/CountyPage.tsx';

// The public portal (信用河北): anonymous, read-only, everything under one layout.
export const publicRoutes: RouteObject = {
  path: '/',
  element: <PublicLayout />,
  children: [
    { index: true, element: <HomePage /> },
    { path: 'search', element: <SearchPage /> },
    { path: 'subjects/:id', element: <SubjectPage /> },
    { path: 'publications', element: <PublicationsPage /> },
    { path: 'statistics', element: <StatisticsPage /> },
    { path: 'exemplars', element: <ExemplarsPage /> },
    { path: 'counties', element: <CountiesPage /> },
    { path: 'county/:code', element: <CountyPage /> },
    { path: 'lists', element: <ListsPage /> },
    { path: 'lists/:category', element: <ListEntriesPage /> },
    { path: 'lists/:category/exits', element: <ListEntriesPage /> },
    { path: 'lists/:category/entries/:id', element: <EntryPage /> },
    ...rightsRoutes,
    { path: 'tips', element: <TipPage /> },
    { path: 'tips/status', element: <TipStatusPage /> },
    { path: '*', element: <NotFoundPage /> },
  ],
};

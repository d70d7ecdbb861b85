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
import { SubjectPage } from './subjects/SubjectPage.tsx';

// The public portal (信用河北): anonymous, read-only, everything under one layout.
export const publicRoutes: RouteObject = {
  path: '/',
  element: <PublicLayout />,
  children: [
    { index: true, element: <HomePage /> },
    { path: 'search', element: <SearchPage /> },
    { path: 'subjects/:id', element: <SubjectPage /> },
    { path: 'publications', element: <PublicationsPage /> },
    { path: 'lists', element: <ListsPage /> },
    { path: 'lists/:category', element: <ListEntriesPage /> },
    { path: 'lists/:category/exits', element: <ListEntriesPage /> },
    { path: 'lists/:category/entries/:id', element: <EntryPage /> },
    ...rightsRoutes,
    { path: '*', element: <NotFoundPage /> },
  ],
};

import { RouterProvider, createBrowserRouter } from 'react-router-dom';
import { publicRoutes } from './public/publicRoutes.tsx';

// One route tree per portal, each with its own layout. The staff work portal (政务门户) will
// mount here as `{ path: '/work', lazy: () => import('./work/workRoutes.tsx') … }` so its code
// (and its sign-in) never loads for the public.
const router = createBrowserRouter([publicRoutes]);

export function App() {
  return <RouterProvider router={router} />;
}

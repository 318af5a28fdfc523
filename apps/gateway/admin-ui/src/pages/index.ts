import type { PageDef } from '../router.js';
import { appDetailPage } from './app-detail.js';
import { appsListPage } from './apps-list.js';
import { deliveriesPage } from './deliveries.js';
import { deliveryDetailPage } from './delivery-detail.js';
import { failedPage } from './failed.js';
import { loginPage } from './login.js';
import { onboardPage } from './onboard.js';
import { overviewPage } from './overview.js';
import { queuePage } from './queue.js';

/**
 * Every page of the UI, first match wins. A new page is a module exporting a PageDef, listed here; a `nav` entry
 * puts it in the sidebar.
 */
export const PAGES: PageDef[] = [
  loginPage,
  overviewPage,
  appsListPage,
  appDetailPage,
  failedPage,
  deliveriesPage,
  deliveryDetailPage,
  queuePage,
  onboardPage,
];

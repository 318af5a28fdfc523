import { PAGES } from './pages/index.js';
import { Router } from './router.js';

/** Entry point (index.html loads it as a module): the router shows the page for the current address. */
const app = document.getElementById('app');
if (app) {
  new Router(app).register(...PAGES).start();
}

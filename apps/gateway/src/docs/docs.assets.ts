import { dirname } from 'node:path';

/** swagger-ui-dist's folder (a dependency: served from disk, never from a CDN — the CSP is 'self'). */
export const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

/**
 * The only files served from SWAGGER_UI_DIR under /docs/. A fixed list rather than a static folder: nothing else
 * of the package (its petstore initializer, oauth2 redirect page, ES bundles) is reachable, and no path a client
 * sends ever becomes a file path.
 */
export const SWAGGER_UI_FILES: ReadonlySet<string> = new Set([
  'swagger-ui.css',
  'swagger-ui.css.map',
  'index.css',
  'swagger-ui-bundle.js',
  'favicon-16x16.png',
  'favicon-32x32.png',
]);

export const INIT_SCRIPT_NAME = 'docora-init.js';

/**
 * Swagger UI's start-up, as a same-origin file rather than an inline script, so the page works under the API's
 * stricter CSP too. BaseLayout: no top bar, whose URL box would invite loading other origins' documents.
 */
export const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/** Absolute same-origin references, so the page works at both /docs and /docs/. */
export const INDEX_HTML = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>Docora API</title>
    <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css" />
    <link rel="stylesheet" type="text/css" href="/docs/index.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="/docs/${INIT_SCRIPT_NAME}" charset="UTF-8"></script>
  </body>
</html>
`;

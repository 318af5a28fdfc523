import { DocoraTestEnv, OnboardedApp, ReceivedWebhook } from '@lib/testing';

/**
 * `npm run demo`: a fake GitHub with a sample repository, Docora (all five apps, one process), a receiver that
 * verifies signatures. Registers the repository, commits changes, prints each webhook as it arrives.
 */
async function main(): Promise<void> {
  console.log('Starting Docora, a fake GitHub and a webhook receiver…');
  const env = await DocoraTestEnv.start({ mode: 'single' });
  let printed = 0;
  const print = (app: OnboardedApp) => {
    for (const h of app.receiver.received.slice(printed)) {
      printed++;
      const file = (h.body as { file?: { path: string; size?: number } }).file;
      console.log(
        `  ← ${h.event.padEnd(6)} ${file?.path ?? ''}${file?.size !== undefined ? ` (${file.size} bytes)` : ''}  signature ${h.signatureValid ? 'verified ✔' : 'INVALID ✘'}`,
      );
    }
  };
  const waitFor = async (app: OnboardedApp, total: number) => {
    await app.receiver.waitFor((all: ReceivedWebhook[]) => all.length >= total, 60_000);
    print(app);
  };
  try {
    console.log(`Docora gateway: ${env.url}   fake GitHub: ${env.github.url}`);
    const repo = await env.github.createRepo('octo-org/handbook');
    await repo.commit({
      'README.md': '# Handbook\n',
      'docs/onboarding.md': 'Welcome aboard.\n',
      'docs/old-policy.md': 'Superseded.\n',
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]),
    });
    const app = await env.onboardApp('Handbook search index');
    console.log(`Onboarded app ${app.app_id} (receiver ${app.receiver.url})`);
    const reg = await env.registerRepository(app, { github_url: `${env.github.url}/octo-org/handbook` });
    if (reg.status !== 201) {
      throw new Error(`registration failed: ${reg.status} ${JSON.stringify(reg.body)}`);
    }
    const registered = reg.body as { github_url: string; repository_id: string; branch: string };
    console.log(
      `Registered ${registered.github_url} as ${registered.repository_id} (branch ${registered.branch}); initial snapshot:`,
    );
    await waitFor(app, 4);

    console.log('Committing: edit README.md, add docs/faq.md, delete docs/old-policy.md …');
    await repo.commit({
      'README.md': '# Handbook\n\nNow with an FAQ.\n',
      'docs/faq.md': 'Q: Why?\nA: Because.\n',
      'docs/old-policy.md': null,
    });
    await waitFor(app, 7);
    const bad = app.receiver.received.filter((h) => !h.signatureValid);
    if (bad.length) {
      throw new Error(`${bad.length} webhook(s) with an invalid signature`);
    }
    console.log(`Done: ${app.receiver.received.length} signed webhooks received and verified.`);
  } finally {
    await env.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error('Demo failed:', e instanceof Error ? e.message : e);
    process.exit(1);
  },
);

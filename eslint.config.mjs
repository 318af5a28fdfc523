// Type-aware lint. The import rules keep the layering of CONVENTIONS.md: apps import libs, libs never import
// apps, and a lib is only imported through its index (`@lib/<name>`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      curly: ['error', 'all'],
      'no-process-env': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@lib/*/*', '@app/*/*'], message: 'Import a lib through its index: @lib/<name>.' },
            {
              group: ['@app/*'],
              message: 'Apps are composed only by apps/docora (the run-mode entry) and tests.',
            },
            {
              group: ['**/apps/**', '../../*'],
              message: 'No relative imports across projects; use @lib/<name>.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/docora/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@lib/*/*', '@app/*/*'], message: 'Import through the index.' }] },
      ],
      'no-process-env': 'off',
    },
  },
  {
    // The config lib is the only reader of process.env; scripts and test harnesses pass env to child processes.
    files: [
      'libs/config/**',
      'libs/testing/**',
      'scripts/**',
      'test/**',
      'bench/**',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
    ],
    rules: { 'no-process-env': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**', 'test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);

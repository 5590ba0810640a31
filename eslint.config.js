// ESLint with type-checked rules. The import restrictions enforce the architecture:
// a service never imports another service, and libs are used only through their index.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '.data/**',
      '.tools/**',
      'test-artifacts/**',
      'load-tests/results/**',
      'apps/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/services/*',
                '../../services/**',
                // Every service, and the chatbot still to come (services/bot).
                '@sapa/gateway',
                '@sapa/chat',
                '@sapa/presence',
                '@sapa/directory',
                '@sapa/tickets',
                '@sapa/notify',
                '@sapa/bot',
                '@sapa/exporter',
              ],
              message: 'A service never imports another service; share code through libs/*.',
            },
            {
              group: ['@sapa/*/src/**', '@sapa/*/dist/**', '**/libs/*/src/**'],
              message: 'Import a lib through its public index (@sapa/<name>).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.test.ts', 'libs/testkit/**/*.ts'],
    rules: {
      // Tests and the test kit may report to the console of the test runner.
      'no-console': 'off',
    },
  },
  prettier,
);

// Lint rules: typescript-eslint's recommended set, plus the layering rules of
// docs/architecture.md expressed as restricted imports so a wrong-way import
// fails `npm test`, not a code review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', '.winbook/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Production code never imports the simulator; the engine never knows WinRM/SSH internals or reporters.
    files: ['src/**/*.ts'],
    ignores: ['src/sim/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/sim/**', '**/sim/*.ts'], message: 'production code never imports src/sim' }] }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/sim/**'], message: 'production code never imports src/sim' },
          { group: ['**/transport/winrm/**', '**/transport/ssh/**'], message: 'the engine knows the Transport interface only' },
          { group: ['**/report/**', '**/cli/**'], message: 'the engine emits events; reporters subscribe' },
        ],
      }],
    },
  },
  {
    // The HTML report's viewer runs in the browser.
    files: ['src/report/html/*.js'],
    languageOptions: { sourceType: 'script', globals: { document: 'readonly', window: 'readonly' } },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);

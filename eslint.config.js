import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'coverage/', 'src/generated/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Tests read loosely typed JSON answers; exported signatures stay strictly typed.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['bench/**', 'scripts/**', 'src/main.ts', 'src/sandbox/main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Node scripts run as they are: build steps, CI checks, and dependency-cruiser's CommonJS configuration.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    // The ops console's scripts are served to the browser as they are, so they are plain ES modules.
    files: ['src/http/admin/assets/**/*.js'],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },
);

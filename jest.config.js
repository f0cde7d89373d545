/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // ts-jest only transpiles (isolatedModules); `tsc --noEmit` in `npm test` does the type checking.
  // github-slugger ships as ES modules only, so its JavaScript goes through the same transform.
  transform: { '^.+\\.(ts|js)$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true } }] },
  transformIgnorePatterns: ['/node_modules/(?!(github-slugger)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // A test that fails half-way can leave a server or socket open; the run must still end (CI waited 90 minutes once).
  forceExit: true,
};

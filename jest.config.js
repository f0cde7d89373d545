/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // ts-jest only transpiles (isolatedModules); `tsc --noEmit` in `npm test` does the type checking.
  // `feed` 6 and github-slugger ship as ES modules only, so their JavaScript goes through the same transform.
  transform: { '^.+\\.(ts|js)$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true } }] },
  transformIgnorePatterns: ['/node_modules/(?!(feed|github-slugger)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

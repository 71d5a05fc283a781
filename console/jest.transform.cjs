/**
 * How the root's jest runs the console's unit tests (pure functions in console/src): TypeScript
 * compiled to CommonJS one file at a time, types erased (they are checked by tsconfig.test.json in
 * `npm run typecheck`). Not ts-jest: it keeps one configuration per jest project, which belongs to
 * the server's tests, and would compile these as ES modules (console/package.json says "module").
 */
const { createHash } = require('node:crypto');
const ts = require('typescript');

const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.ReactJSX, inlineSourceMap: true, inlineSources: true };

module.exports = {
  process(source, fileName) {
    return { code: ts.transpileModule(source, { fileName, compilerOptions }).outputText };
  },
  getCacheKey(source, fileName) {
    return createHash('sha256').update(`${ts.version}\0${__filename}\0${fileName}\0${source}`).digest('hex');
  },
};

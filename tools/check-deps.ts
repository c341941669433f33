import { checkTree } from './dependency-rule.ts';

const violations = checkTree(process.cwd());
for (const v of violations) console.error(`${v.file}:${v.line}: import '${v.specifier}': ${v.reason}`);
if (violations.length > 0) {
  console.error(`dependency rule: ${violations.length} violation(s)`);
  process.exitCode = 1;
} else {
  console.log('dependency rule: ok');
}

import { makeSqliteHarness } from '../store/testing/sqlite-harness.ts';
import { describeAuditContract } from './testing/audit-contract.ts';

describeAuditContract('SQLite', makeSqliteHarness);

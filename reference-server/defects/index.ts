/**
 * TEST-ONLY defect switches of the reference server (see defect-switches.ts). Tests pass them as
 * `deps.defects` to createServer; nothing else can turn one on.
 */
export { DEFECTS, DEFECT_NAMES, hasDefect } from './defect-switches.ts';
export type { DefectCarrier, DefectName, DefectSwitches } from './defect-switches.ts';

/** The project's fault subcodes are shared protocol definitions; see protocol/soap/sksml-faults.ts. */
export {
  SKSML_FAULT_NS,
  SKSML_FAULT_PREFIX,
  SKSML_FAULTS,
  type SksmlFaultName,
} from '../../protocol/soap/sksml-faults.ts';

import type { Container, Workload } from '../model/workload';
import { servedModel as servedModelFact } from './container-facts';

/**
 * The model a container serves, as its own definition states it (engine args `--model`, `vllm serve
 * <model>`, env `MODEL_ID`, ...); undefined when nothing states it or it is known only at run time.
 * Binding asks this one function, so a better reading of engine command lines changes binding with it.
 */
export function servedModel(workload: Workload, container: Container): string | undefined {
  const fact = servedModelFact(workload, container);
  return fact && !fact.unknown ? fact.value : undefined;
}

import type { Container, Workload } from '../model/workload';
import { containerFacts } from './container-facts';

/**
 * The model a container serves, as its own definition states it (engine args `--model`, `vllm serve
 * <model>`, env `MODEL_ID`, ...): the first `model.id` fact that is written, not implied. Binding asks
 * this one function, so a better reading of engine command lines changes binding with it.
 */
export function servedModel(workload: Workload, container: Container): string | undefined {
  for (const fact of containerFacts(workload, container, [])) {
    if (fact.key === 'model.id' && !fact.implied) return fact.value;
  }
  return undefined;
}

import { tempFiles } from '../harness/temp-files';

/** A valid model card for a CUDA 12.4 build of `ghcr.io/acme/llm-server`. */
export const CARD = {
  model: { id: 'acme/llm-8b', revision: '0e9e39f249a16976918f6564b8830bc894c89659' },
  runtime: { cuda: '12.4', pytorch: '2.4.0' },
  image: { repository: 'ghcr.io/acme/llm-server' },
  env: { required: ['HF_TOKEN'] },
};

/** Writes card files (objects as pretty JSON, strings as they are) into a temp folder; returns their paths. */
export function cardFiles<T extends Record<string, unknown>>(cards: T): { [K in keyof T]: string } {
  const dir = tempFiles(
    Object.fromEntries(
      Object.entries(cards).map(([name, card]) => [
        `${name}.json`,
        typeof card === 'string' ? card : `${JSON.stringify(card, null, 2)}\n`,
      ]),
    ),
  );
  return Object.fromEntries(Object.keys(cards).map((name) => [name, `${dir}/${name}.json`])) as {
    [K in keyof T]: string;
  };
}

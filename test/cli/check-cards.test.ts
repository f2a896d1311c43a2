import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../harness/run-cli';

const CARDS = 'test/fixtures/run/cards';
const check = (manifest: string, ...cards: string[]) =>
  runCli(['check', `${CARDS}/${manifest}`, ...cards.flatMap((card) => ['-m', `${CARDS}/${card}`])]);

/** The report without its first line, which lists the cards in the order given. */
const body = (stdout: string) => stdout.slice(stdout.indexOf('\n'));

describe('every declared card field gets a line', () => {
  it('a card declaring runtime.cuda on a vllm/vllm-openai container says it cannot verify the CUDA', () => {
    const run = check('vllm-qwen.yaml', 'qwen-card.json');
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /✔ model\.id \.+ Qwen\/Qwen2\.5-1\.5B-Instruct {2}\(args --model\)/);
    assert.match(run.stdout, /✔ image\.repository \.+ vllm\/vllm-openai {2}\(image reference\)/);
    assert.match(
      run.stdout,
      /ℹ runtime\.cuda: cannot verify: nothing in the inputs says the effective value \(model card Qwen\/Qwen2\.5-1\.5B-Instruct declares 12\.8\)/,
    );
    assert.match(run.stdout, /✔ 2 passed/, 'a value nothing states is never counted as passed');
  });
});

describe('binding a card by the model its container serves', () => {
  it('a changed image repository is an image.repository mismatch, not a silently unbound card', () => {
    const run = check('llama-moved.yaml', 'llama-card.json');
    assert.equal(run.code, 1, run.stdout);
    assert.match(
      run.stdout,
      /✖ image\.repository MISMATCH: model card meta-llama\/Llama-3\.1-8B-Instruct declares ghcr\.io\/acme\/llm-server, image reference says ghcr\.io\/acme\/vllm-server/,
    );
    assert.match(run.stdout, /at test\/fixtures\/run\/cards\/llama-moved\.yaml:17:18/);
    assert.doesNotMatch(run.stdout, /binds to no container/);
  });

  it('a card that binds nothing while a container serves its model is an error', () => {
    const run = check('llama-moved.yaml', 'llama-card.json', 'mistral-card.json');
    assert.equal(run.code, 1);
    assert.match(run.stdout, /✖ model\.id MISMATCH: model card mistralai\/Mistral-7B-Instruct-v0\.3/);
    assert.match(
      run.stdout,
      /✖ model card llama-card\.json binds to no container, yet Deployment\/llm\/llama container vllm serves its model meta-llama\/Llama-3\.1-8B-Instruct \(bound to model card mistral-card\.json\)/,
    );
  });

  it('two cards of one model bind by id and repository, whatever the order of -m', () => {
    const first = check('llama-annotated.yaml', 'llama-cpu-card.json', 'llama-gpu-card.json');
    const second = check('llama-annotated.yaml', 'llama-gpu-card.json', 'llama-cpu-card.json');
    assert.equal(body(first.stdout), body(second.stdout));
    assert.equal(first.code, second.code);
    assert.match(first.stdout, /✔ image\.repository \.+ ghcr\.io\/acme\/llm-server-gpu/);
    assert.doesNotMatch(first.stdout, /llama-gpu-card\.json binds to no container/);
    assert.match(
      first.stdout,
      /⚠ model card llama-cpu-card\.json binds to no container: no image has repository ghcr\.io\/acme\/llm-server-cpu; Deployment\/llm\/llama-gpu container vllm serves meta-llama\/Llama-3\.1-8B-Instruct under model card llama-gpu-card\.json/,
    );
  });

  it('two cards of one model, neither with the image repository: a reported ambiguity, never "Safe to deploy"', () => {
    for (const cards of [
      ['llama-cpu-card.json', 'llama-gpu-card.json'],
      ['llama-gpu-card.json', 'llama-cpu-card.json'],
    ]) {
      const run = check('llama-moved.yaml', ...cards);
      assert.equal(run.code, 1, run.stdout);
      assert.match(
        run.stdout,
        /✖ cannot tell which model card declares container vllm: llama-(cpu|gpu)-card\.json \(ghcr\.io\/acme\/llm-server-(cpu|gpu)\), llama-(cpu|gpu)-card\.json .* so none was checked/,
      );
      assert.doesNotMatch(run.stdout, /binds to no container/);
      assert.doesNotMatch(run.stdout, /Safe to deploy/);
    }
  });
});

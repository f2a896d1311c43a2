import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import {
  type KubeApiEmulation,
  refusingUrl,
  SECRET_VALUE_CANARY,
  startKubeApiEmulation,
} from '../harness/kube-api-emulation';
import { logLine, type ProbeRun, spawnProbeCli } from '../harness/run-probe';
import { tempFiles } from '../harness/temp-files';

// The API server is an emulation (no cluster here): an HTTPS server on 127.0.0.1 answering the Secret
// GET requests with the real server's status codes and bodies. The probe is the built CLI, as a process.

function api(emulation: KubeApiEmulation): string[] {
  return ['--kubernetes-api', emulation.url, '--kubernetes-credentials', emulation.credentialsDir];
}

const outputs: string[] = [];
function collect(run: ProbeRun, statusFile?: string): ProbeRun {
  outputs.push(run.stdout, run.stderr);
  if (statusFile) outputs.push(readFileSync(statusFile, 'utf8'));
  return run;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('preflight probe secrets through the Kubernetes API (emulated API server)', () => {
  it('passes when every Secret answers 200, asking with the bearer token, one GET per Secret', async () => {
    const emulation = await startKubeApiEmulation({ 'hf-token': 'present', openai: 'present' });
    const run = collect(
      await spawnProbeCli([
        'secrets',
        '--kubernetes-secret',
        'hf-token',
        '--kubernetes-secret',
        'openai',
        ...api(emulation),
      ]),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(logLine(run).present, [
      { name: 'hf-token', where: 'kubernetes secret llm/hf-token' },
      { name: 'openai', where: 'kubernetes secret llm/openai' },
    ]);
    assert.deepEqual(
      emulation.requests.map((request) => `${request.method} ${request.path} ${request.authorized}`).sort(),
      ['GET /api/v1/namespaces/llm/secrets/hf-token true', 'GET /api/v1/namespaces/llm/secrets/openai true'],
    );
  });

  it('keeps polling through 404 until the Secret is created', async () => {
    const emulation = await startKubeApiEmulation({ late: 'absent' });
    const probe = spawnProbeCli([
      'secrets',
      '--kubernetes-secret',
      'late',
      '--timeout',
      '60s',
      ...api(emulation),
    ]);
    await until(() => emulation.requests.length >= 2);
    emulation.set('late', 'present');
    const run = collect(await probe);
    assert.equal(run.code, 0, run.stderr);
    assert.ok((logLine(run).polls as number) >= 3);
  });

  it('reports a 403 as forbidden for the ServiceAccount, and fails after the timeout naming the Secret', async () => {
    const emulation = await startKubeApiEmulation({ 'hf-token': 'present', openai: 'forbidden' });
    const status = join(tempFiles({}), 'secrets.json');
    const run = collect(
      await spawnProbeCli([
        'secrets',
        '--kubernetes-secret',
        'hf-token',
        '--kubernetes-secret',
        'openai',
        '--timeout',
        '700ms',
        '--status-file',
        status,
        ...api(emulation),
      ]),
      status,
    );
    assert.equal(run.code, 1);
    const log = logLine(run);
    assert.deepEqual(log.missing, [
      {
        name: 'openai',
        looked_in: [
          "kubernetes secret llm/openai (forbidden: the probe's ServiceAccount may not get secret openai)",
        ],
      },
    ]);
    assert.ok((log.polls as number) >= 2, 'a 403 may be RBAC not applied yet: it keeps asking');
    assert.match(
      run.stderr,
      /✖ 1 of 2 required secrets missing after the timeout: openai \(looked in kubernetes secret llm\/openai \(forbidden/,
    );
  });

  it('gives up on a request the API server does not answer, and says so', async () => {
    const emulation = await startKubeApiEmulation({ slow: 'slow' });
    const run = collect(
      await spawnProbeCli([
        'secrets',
        '--kubernetes-secret',
        'slow',
        '--request-timeout',
        '150ms',
        '--timeout',
        '500ms',
        ...api(emulation),
      ]),
    );
    assert.equal(run.code, 1);
    assert.deepEqual(logLine(run).missing, [
      {
        name: 'slow',
        looked_in: ['kubernetes secret llm/slow (no answer from the API server within 150 ms)'],
      },
    ]);
  });

  it('the overall --timeout bounds a request given a longer --request-timeout', async () => {
    const emulation = await startKubeApiEmulation({ slow: 'slow' });
    const run = collect(
      await spawnProbeCli([
        'secrets',
        '--kubernetes-secret',
        'slow',
        '--request-timeout',
        '30s',
        '--timeout',
        '2s',
        ...api(emulation),
      ]),
    );
    assert.equal(run.code, 1);
    const [missing] = logLine(run).missing as { looked_in: string[] }[];
    const [, within] = /within (\d+) ms/.exec(missing!.looked_in[0]!) ?? [];
    assert.ok(Number(within) <= 2000, missing!.looked_in[0]);
  });

  it('keeps polling while the connection is refused, then fails naming each missing Secret', async () => {
    const emulation = await startKubeApiEmulation({});
    const run = collect(
      await spawnProbeCli([
        'secrets',
        '--kubernetes-secret',
        'hf-token',
        '--kubernetes-secret',
        'openai',
        '--timeout',
        '600ms',
        '--kubernetes-api',
        await refusingUrl(),
        '--kubernetes-credentials',
        emulation.credentialsDir,
      ]),
    );
    assert.equal(run.code, 1);
    const log = logLine(run);
    assert.deepEqual(
      (log.missing as { name: string; looked_in: string[] }[]).map(
        (entry) => `${entry.name}: ${entry.looked_in}`,
      ),
      [
        'hf-token: kubernetes secret llm/hf-token (API server unreachable: ECONNREFUSED)',
        'openai: kubernetes secret llm/openai (API server unreachable: ECONNREFUSED)',
      ],
    );
    assert.ok((log.polls as number) >= 2);
  });

  it('reads the in-cluster configuration: KUBERNETES_SERVICE_HOST/PORT and the namespace file', async () => {
    const emulation = await startKubeApiEmulation({ 'hf-token': 'present' }, { namespace: 'serving' });
    const port = new URL(emulation.url).port;
    const run = collect(
      await spawnProbeCli(
        ['secrets', '--kubernetes-secret', 'hf-token', '--kubernetes-credentials', emulation.credentialsDir],
        { env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port } },
      ),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      emulation.requests.map((request) => request.path),
      ['/api/v1/namespaces/serving/secrets/hf-token'],
    );
  });

  it('a token the API server refuses is reported as unauthorized, not as an absent Secret', async () => {
    const emulation = await startKubeApiEmulation({ 'hf-token': 'present' });
    const credentials = tempFiles({
      token: 'wrong-token',
      'ca.crt': readFileSync(join(emulation.credentialsDir, 'ca.crt')),
      namespace: 'llm',
    });
    const run = collect(
      await spawnProbeCli([
        'secrets',
        '--kubernetes-secret',
        'hf-token',
        '--timeout',
        '300ms',
        '--kubernetes-api',
        emulation.url,
        '--kubernetes-credentials',
        credentials,
      ]),
    );
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /kubernetes secret llm\/hf-token \(unauthorized: the API server refused the probe's token\)/,
    );
  });

  it('a token file that ends in CRLF is trimmed as client-go does: the request carries the bare token', async () => {
    const emulation = await startKubeApiEmulation({ 'hf-token': 'present' });
    const credentials = tempFiles({
      token: `${emulation.token}\r\n`,
      'ca.crt': readFileSync(join(emulation.credentialsDir, 'ca.crt')),
      namespace: 'llm\r\n',
    });
    const run = collect(
      await spawnProbeCli([
        'secrets',
        '--kubernetes-secret',
        'hf-token',
        '--kubernetes-api',
        emulation.url,
        '--kubernetes-credentials',
        credentials,
      ]),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      emulation.requests.map((request) => `${request.path} ${request.authorized}`),
      ['/api/v1/namespaces/llm/secrets/hf-token true'],
    );
  });

  const bad: [string, string[], Record<string, string>, RegExp][] = [
    [
      'no cluster in sight',
      ['--kubernetes-secret', 'a'],
      {},
      /not inside a Kubernetes pod: KUBERNETES_SERVICE_HOST/,
    ],
    [
      'an invalid Secret name',
      ['--kubernetes-secret', 'Bad_Name', '--kubernetes-api', 'https://127.0.0.1:1'],
      {},
      /--kubernetes-secret: "Bad_Name" is not a Kubernetes object name/,
    ],
    [
      'a plain-HTTP API URL',
      ['--kubernetes-secret', 'a', '--kubernetes-api', 'http://127.0.0.1:1'],
      {},
      /--kubernetes-api: expected https:\/\/HOST\[:PORT\], got "http:\/\/127\.0\.0\.1:1"/,
    ],
    [
      'no token mounted',
      [
        '--kubernetes-secret',
        'a',
        '--kubernetes-api',
        'https://127.0.0.1:1',
        '--kubernetes-credentials',
        'DIR',
      ],
      { namespace: 'llm', 'ca.crt': 'x' },
      /DIR\/token: cannot read the ServiceAccount's token: no such file \(ENOENT\)/,
    ],
    [
      'a ServiceAccount token with a line break inside (CRLF)',
      [
        '--kubernetes-secret',
        'a',
        '--kubernetes-api',
        'https://127.0.0.1:1',
        '--kubernetes-credentials',
        'DIR',
      ],
      { namespace: 'llm', 'ca.crt': 'x', token: 'eyJhbGciOiJSUzI1NiJ9.kube-TOKEN-CANARY-1\r\nsig\r\n' },
      /DIR\/token:1:41: the ServiceAccount token holds a line break inside it: it cannot be sent as a bearer token/,
    ],
    [
      'a ServiceAccount token with a control character inside',
      [
        '--kubernetes-secret',
        'a',
        '--kubernetes-api',
        'https://127.0.0.1:1',
        '--kubernetes-credentials',
        'DIR',
      ],
      { namespace: 'llm', 'ca.crt': 'x', token: 'kube-TOKEN-CANARY-2\u0000sig\n' },
      /DIR\/token:1:20: the ServiceAccount token holds a control character inside it/,
    ],
  ];
  for (const [what, args, files, message] of bad) {
    it(`refuses ${what} with exit 2 before asking anything, writing no status file`, async () => {
      const dir = tempFiles(files);
      const status = join(dir, 'status.json');
      const argv = args.map((arg) => (arg === 'DIR' ? dir : arg));
      const run = collect(await spawnProbeCli(['secrets', ...argv, '--status-file', status]));
      assert.equal(run.code, 2, run.stdout + run.stderr);
      // The folder is printed relative to the cwd or absolute, whichever is shorter: match either.
      assert.match(run.stderr.replaceAll(new RegExp(`\\S*${basename(dir)}`, 'g'), 'DIR'), message);
      assert.doesNotMatch(run.stderr, /\n\s+at |internal error/);
      assert.throws(() => readFileSync(status), /ENOENT/);
    });
  }

  it('printed neither a Secret value nor the ServiceAccount token in any of the runs above', () => {
    const text = outputs.join('\n');
    assert.ok(outputs.length > 10);
    assert.ok(!text.includes(SECRET_VALUE_CANARY), 'a Secret value leaked');
    assert.ok(!text.includes(Buffer.from(SECRET_VALUE_CANARY).toString('base64')), 'a Secret value leaked');
    assert.ok(!text.includes('TOKEN-CANARY'), 'the token leaked');
    assert.ok(!text.includes('wrong-token'), 'the token leaked');
  });
});

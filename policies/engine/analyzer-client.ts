import { dirname } from 'node:path';

// The generated Analyzer stubs and the grpc-js instance they were generated against, both taken from
// @pulumi/pulumi so that credentials and messages come from one copy.
const sdkDir = dirname(require.resolve('@pulumi/pulumi/package.json'));
const fromSdk = (id: string) => require(require.resolve(id, { paths: [sdkDir] }));
// biome-ignore lint/suspicious/noExplicitAny: generated protobuf modules ship no usable types for this use.
export const analyzerProto: any = fromSdk('@pulumi/pulumi/proto/analyzer_pb');
// biome-ignore lint/suspicious/noExplicitAny: as above.
export const structProto: any = fromSdk('google-protobuf/google/protobuf/struct_pb');
// biome-ignore lint/suspicious/noExplicitAny: as above.
const emptyProto: any = fromSdk('google-protobuf/google/protobuf/empty_pb');
const services = fromSdk('@pulumi/pulumi/proto/analyzer_grpc_pb');
const grpc = fromSdk('@grpc/grpc-js');

/** Per-call deadline: a pack that hangs must fail the preview, not stall it. */
const CALL_TIMEOUT_MS = 120_000;

/** The Analyzer RPCs the engine makes, as promises. Messages are the generated protobuf classes. */
export interface AnalyzerConnection {
  // biome-ignore lint/suspicious/noExplicitAny: protobuf messages.
  call(method: string, request?: any): Promise<any>;
  close(): void;
}

export function connectAnalyzer(port: number): AnalyzerConnection {
  const client = new services.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 400 * 1024 * 1024,
  });
  return {
    call: (method, request) =>
      new Promise((resolve, reject) => {
        const deadline = new Date(Date.now() + CALL_TIMEOUT_MS);
        client[method](
          request ?? new emptyProto.Empty(),
          new grpc.Metadata(),
          { deadline },
          (error: Error | null, response: unknown) =>
            error ? reject(new Error(`${method} failed: ${error.message}`)) : resolve(response),
        );
      }),
    close: () => client.close(),
  };
}

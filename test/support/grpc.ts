/**
 * Options that point a gax (gRPC) client of @google-cloud/* at a local fake server: plaintext on
 * 127.0.0.1, and the universe domain given so the auth library never probes the GCE metadata server
 * (about 1.5 s). `credentials` is the gRPC module's `credentials` of the client's own copy of
 * @grpc/grpc-js (a bundle carries its own).
 */
export function localGrpcOptions(
  port: number,
  credentials: { createInsecure(): unknown },
): { apiEndpoint: string; port: number; sslCreds: never; universeDomain: string } {
  return {
    apiEndpoint: '127.0.0.1',
    port,
    sslCreds: credentials.createInsecure() as never,
    universeDomain: 'googleapis.com',
  };
}

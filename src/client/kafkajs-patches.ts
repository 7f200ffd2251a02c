/**
 * The one place that swaps single kafkajs 2.2.4 internal modules for ours. Each replacement is
 * put into the CommonJS require cache before kafkajs is first loaded, so kafkajs's own
 * `require()` finds ours; createKafka calls this before importing kafkajs, so every command
 * gets them. Once kafkajs is loaded it is too late (the modules are cached): then nothing
 * changes and kafkajs's own code runs.
 *
 * - produce request v3-v7 body: our record-batch encoder (one exactly-sized Buffer per request,
 *   null header values, headers in order; see produce-encoder.ts);
 * - request framing: one exactly-sized Buffer instead of growing zero-filled ones;
 * - grouping a send's messages by partition: linear instead of O(n²) (kafkajs-fast-grouping.ts);
 * - the record encoder (null header values, kafkajs-null-headers.ts) and decoder (headers in log
 *   order, kafkajs-header-order.ts).
 */
import { join } from 'node:path';
import { kafkajsRoot, putInCache, requireCjs } from './kafkajs-cache.js';
import { encodeProduceRequest, type ProduceRequestInput } from './produce-encoder.js';
import { allowNullHeaderValues } from '../produce/kafkajs-null-headers.js';
import { keepHeaderOrder } from '../consume/kafkajs-header-order.js';
import { useLinearMessageGrouping } from '../perf/kafkajs-fast-grouping.js';

let installed = false;

interface KafkajsEncoder {
  buf: Buffer;
  offset: number;
}
type EncoderClass = new (initialSize?: number) => KafkajsEncoder;

/** A kafkajs Encoder around a finished Buffer (kafkajs checks `Buffer.isBuffer(e.buf)`). */
function wrap(Encoder: EncoderClass, buf: Buffer): KafkajsEncoder {
  const e = new Encoder(0);
  e.buf = buf;
  e.offset = buf.length;
  return e;
}

export function installKafkajsPatches(): void {
  if (installed) return;
  installed = true;
  const root = kafkajsRoot();
  const produceV3Path = join(root, 'protocol', 'requests', 'produce', 'v3', 'request.js');
  const requestPath = join(root, 'protocol', 'request.js');
  if (requireCjs.cache[produceV3Path] || requireCjs.cache[requestPath]) return; // kafkajs already loaded
  allowNullHeaderValues();
  keepHeaderOrder();
  useLinearMessageGrouping();

  const Encoder = requireCjs(join(root, 'protocol', 'encoder.js')) as EncoderClass;
  const { Produce: produceApiKey } = requireCjs(join(root, 'protocol', 'requests', 'apiKeys.js')) as { Produce: number };
  const { lookupCodec } = requireCjs(join(root, 'protocol', 'message', 'compression', 'index.js')) as {
    lookupCodec(type: number): { compress(e: { buffer: Buffer }): Promise<Buffer> } | null;
  };
  const compress = async (type: number, records: Buffer): Promise<Buffer> => {
    const codec = lookupCodec(type);
    if (!codec) throw new Error(`compression codec ${type} is not available`);
    return codec.compress({ buffer: records });
  };

  // produce v4-v7 call v3's module and only change apiVersion
  putInCache(produceV3Path, (input: ProduceRequestInput) => ({
    apiKey: produceApiKey,
    apiVersion: 3,
    apiName: 'Produce',
    expectResponse: () => input.acks !== 0,
    encode: async () => wrap(Encoder, await encodeProduceRequest(input, compress)),
  }));

  // size prefix + request header + body, written once into an exactly-sized Buffer
  putInCache(
    requestPath,
    async ({
      correlationId,
      clientId,
      request,
    }: {
      correlationId: number;
      clientId: string | null;
      request: { apiKey: number; apiVersion: number; encode(): Promise<KafkajsEncoder> };
    }) => {
      const payload = await request.encode();
      const clientIdLength = clientId == null ? 0 : Buffer.byteLength(clientId, 'utf8');
      const size = 2 + 2 + 4 + 2 + clientIdLength + payload.offset;
      const buf = Buffer.allocUnsafe(4 + size);
      buf.writeInt32BE(size, 0);
      buf.writeInt16BE(request.apiKey, 4);
      buf.writeInt16BE(request.apiVersion, 6);
      buf.writeInt32BE(correlationId, 8);
      if (clientId == null) buf.writeInt16BE(-1, 12);
      else {
        buf.writeInt16BE(clientIdLength, 12);
        buf.write(clientId, 14, clientIdLength, 'utf8');
      }
      payload.buf.copy(buf, 14 + clientIdLength, 0, payload.offset);
      return wrap(Encoder, buf);
    },
  );
}

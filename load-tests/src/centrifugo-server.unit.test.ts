import { describe, expect, it } from '@jest/globals';
import { centrifugoConfig } from './centrifugo-server.js';

describe('centrifugoConfig', () => {
  it('listens on loopback only and sends no usage statistics off the machine', () => {
    const config = centrifugoConfig(18000) as {
      http_server: { address: string; port: number };
      usage_stats: { disabled: boolean };
    };
    expect(config.http_server).toEqual({ address: '127.0.0.1', port: 18000 });
    expect(config.usage_stats.disabled).toBe(true);
  });

  it('lets anonymous clients subscribe and publish, as the Socket.IO relay does', () => {
    expect(centrifugoConfig(1)).toMatchObject({
      client: { insecure: true },
      channel: {
        without_namespace: { allow_subscribe_for_client: true, allow_publish_for_client: true },
      },
    });
  });
});

// A local HTTP endpoint standing in for Slack/Teams: records every alert webhook post it receives.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookBody } from '../../server/alerts/webhook.ts';

export interface WebhookReceiver {
  url: string;
  posts: WebhookBody[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const posts: WebhookBody[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      posts.push(JSON.parse(data) as WebhookBody);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    posts,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createLogger, runMain } from '@sapa/platform';
import { loadMailSinkConfig } from './config.js';

/**
 * A development SMTP server that delivers nowhere: every mail it accepts is written to
 * MAIL_SINK_DIR as an .eml file (open it with any mail client). scripts/run.sh points notify
 * at it so the demo works without a real mail server. Never use it in production.
 */
const config = loadMailSinkConfig();
const logger = createLogger('mail-sink', config.LOG_LEVEL);
let counter = 0;

runMain(logger, async () => {
  await mkdir(config.MAIL_SINK_DIR, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        counter += 1;
        const file = join(
          config.MAIL_SINK_DIR,
          `${new Date().toISOString().replaceAll(':', '-')}-${counter}.eml`,
        );
        writeFile(file, Buffer.concat(chunks)).then(
          () => {
            logger.info(
              { file, to: session.envelope.rcptTo.map((rcpt) => rcpt.address) },
              'mail stored',
            );
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  await new Promise<void>((resolve) =>
    server.listen(config.MAIL_SINK_PORT, config.MAIL_SINK_HOST, resolve),
  );
  logger.info(
    { port: config.MAIL_SINK_PORT, dir: config.MAIL_SINK_DIR },
    'development mail sink ready',
  );
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});

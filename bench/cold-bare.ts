/** The cold-start anchor: a bare Bolt app as Bolt documents it, listening on PORT (one auth.test at start). */
import { App } from '@slack/bolt';

const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  token: process.env.SLACK_BOT_TOKEN!,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL!, retryConfig: { retries: 0 } },
});
app.command('/zoom-schedule', async ({ ack }) => {
  await ack('help');
});
void app.start({ port: Number(process.env.PORT), host: '127.0.0.1' });

import type { FakeMessage, FakeSlack, FakeView } from '../../dev/fake-slack';
import { renderHome, renderMessage, renderModal, renderResponse, type MessageKind, type RenderOptions } from '../../dev/transcript';
import type { Places } from './places';

/**
 * Everything Slack would show that appeared since the last look: answers to response URLs, posted, updated
 * and threaded messages, ephemeral messages, modals and App Home. Reads the fake Slack's records, so the
 * transcript shows what the app really sent.
 */
export class SlackActivity {
  private responsesSeen = 0;
  private messagesSeen = 0;
  private ephemeralsSeen = 0;
  private unfurlsSeen = 0;
  private readonly updatesSeen = new Map<FakeMessage, number>();
  private readonly viewVersionsSeen = new Map<FakeView, number>();
  /** response_url id → where the command or action happened. */
  private readonly responsePlaces = new Map<string, string>();

  constructor(
    private readonly slack: FakeSlack,
    private readonly options: RenderOptions & Pick<Places, 'placeOf' | 'isDirect'>,
  ) {}

  /** Where answers to this response URL are shown. */
  noteResponsePlace(responseId: string, channelId: string): void {
    this.responsePlaces.set(responseId, this.options.placeOf(channelId));
  }

  /** A number that grows with every new record; the demo waits for it to stop changing. */
  size(): number {
    const updates = this.slack.messages.reduce((sum, m) => sum + m.updates.length, 0);
    const versions = this.slack.views.reduce((sum, v) => sum + v.history.length, 0);
    const { responses, messages, ephemerals, unfurls } = this.slack;
    return responses.length + messages.length + ephemerals.length + unfurls.length + updates + versions;
  }

  /**
   * Renders what is new and marks it seen. The App Home is republished after most changes; unless `fullHome`,
   * a republish is one line, so the transcript shows the Home in full only where the user looks at it.
   */
  drain(fullHome = false): string[] {
    return [...this.newResponses(), ...this.newMessages(), ...this.newUnfurls(), ...this.newEphemerals(), ...this.changedViews(fullHome)];
  }

  private newResponses(): string[] {
    const fresh = this.slack.responses.slice(this.responsesSeen);
    this.responsesSeen = this.slack.responses.length;
    return fresh.map((response) => renderResponse(response.body, this.responsePlaces.get(response.id) ?? 'Slack', this.options));
  }

  private newMessages(): string[] {
    const rendered: string[] = [];
    this.slack.messages.forEach((message, index) => {
      const place = this.options.placeOf(message.channel);
      const isNew = index >= this.messagesSeen;
      const updatedSince = message.updates.length > (this.updatesSeen.get(message) ?? 0);
      this.updatesSeen.set(message, message.updates.length);
      if (isNew) {
        const kind: MessageKind = message.thread_ts ? 'thread_reply' : this.options.isDirect(message.channel) ? 'direct' : 'message';
        rendered.push(renderMessage(message, { kind, where: place }, this.options));
      } else if (updatedSince) {
        rendered.push(renderMessage(message, { kind: 'update', where: place }, this.options));
      }
    });
    this.messagesSeen = this.slack.messages.length;
    return rendered;
  }

  /** Each unfurled link's preview, shown as Slack shows it under the message that had the link. */
  private newUnfurls(): string[] {
    const fresh = this.slack.unfurls.slice(this.unfurlsSeen);
    this.unfurlsSeen = this.slack.unfurls.length;
    return fresh.flatMap((unfurl) =>
      Object.values(unfurl.unfurls).map((preview) =>
        renderMessage({ blocks: preview.blocks ?? [] }, { kind: 'unfurl', where: this.options.placeOf(unfurl.channel) }, this.options),
      ),
    );
  }

  private newEphemerals(): string[] {
    const fresh = this.slack.ephemerals.slice(this.ephemeralsSeen);
    this.ephemeralsSeen = this.slack.ephemerals.length;
    return fresh.map((e) => renderMessage(e, { kind: 'ephemeral', where: this.options.placeOf(e.channel) }, this.options));
  }

  /** A modal's latest version, naming the calls that produced it (e.g. a loading view, then its update). */
  private changedViews(fullHome: boolean): string[] {
    const rendered: string[] = [];
    for (const view of this.slack.views) {
      const seen = this.viewVersionsSeen.get(view) ?? 0;
      if (view.history.length === seen) continue;
      this.viewVersionsSeen.set(view, view.history.length);
      if (view.type === 'home') {
        const owner = this.options.directory?.users?.[view.userId ?? ''] ?? view.userId;
        rendered.push(fullHome ? renderHome(view.view, this.options) : `(App Home of @${owner} refreshed)`);
        continue;
      }
      const methods = view.history.slice(seen).map((version) => version.method);
      rendered.push(renderModal(view.view, {}, this.options, methods.join(' → ')));
    }
    return rendered;
  }
}

import { describeFailure } from './messaging';

/**
 * What a form or button does when it sends something: busy while it runs (its button disabled, its
 * label saying so), one run at a time, and a failure kept as words for the person — with whether
 * trying again may help. The one way every page of the extension runs a step.
 */
export function formAction() {
  let busy = $state(false);
  let failure = $state<{ text: string; retry: boolean } | null>(null);
  return {
    get busy() {
      return busy;
    },
    /** The failure's words, or null. */
    get error() {
      return failure?.text ?? null;
    },
    /** Whether the last failure is one that trying again may fix (the platform was out of reach). */
    get retry() {
      return failure?.retry ?? false;
    },
    /** Refuses before anything is sent: the form's own check, in the form's own words. */
    refuse(text: string): void {
      failure = { text, retry: false };
    },
    /**
     * Runs `work` unless a run is under way. A failure is described for the person, unless `onFailure`
     * (which may also reset fields) returns other words for it, or null when the page answers it
     * another way (an unlock).
     */
    async run(
      work: () => Promise<void>,
      onFailure?: (failure: unknown) => string | null | void | Promise<string | null | void>,
    ): Promise<void> {
      if (busy) return;
      busy = true;
      failure = null;
      try {
        await work();
      } catch (caught) {
        const text = await onFailure?.(caught);
        failure = text === null ? null : text ? { text, retry: false } : describeFailure(caught);
      } finally {
        busy = false;
      }
    },
  };
}

import { describeFailure, type Described } from './messaging';
import type { FormField } from './refusal-words';

/**
 * What a form or button does when it sends something: busy while it runs (its button disabled, its
 * label saying so), one run at a time, and a failure kept as words for the person — beside the field
 * it concerns when the form shows that field (`fields`), else for the whole form — with whether trying
 * again may help. A form clears the words when it changes (`clear` on input), so none outlives what it
 * was about. The one way every page of the extension runs a step.
 */
export function formAction(fields: readonly FormField[] = []) {
  let busy = $state(false);
  let failure = $state<Described | null>(null);
  const besideField = () => failure?.field !== undefined && fields.includes(failure.field);
  return {
    get busy() {
      return busy;
    },
    /** The failure's words for the whole form, or null (also when they stand beside a field). */
    get error() {
      return failure && !besideField() ? failure.text : null;
    },
    /** The failure's words when they concern `field`. */
    errorFor(field: FormField): string | null {
      return failure?.field === field && besideField() ? failure.text : null;
    },
    /** Whether the last failure is one that trying again may fix (the platform was out of reach). */
    get retry() {
      return failure?.retry ?? false;
    },
    /** Refuses before anything is sent: the form's own check, in the form's own words, maybe beside a field. */
    refuse(text: string, field?: FormField): void {
      failure = { text, retry: false, ...(field && { field }) };
    },
    /** Forgets the failure: the form changed since. */
    clear(): void {
      failure = null;
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

import { useRef, useState, type KeyboardEvent } from 'react';

/**
 * The reply box. Enter sends, Shift+Enter starts a new line. In whisper mode the text is
 * an internal note the visitor never receives, and the box looks different so nobody
 * mixes the two up. Typing is signalled at most every few seconds and stopped on send.
 */
export function Composer(props: {
  placeholder: string;
  disabled: boolean;
  onSend: (text: string, whisper: boolean) => Promise<void>;
  onTyping: (isTyping: boolean) => void;
}) {
  const [text, setText] = useState('');
  const [whisper, setWhisper] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const typing = useTypingSignal(props.onTyping);
  const stopTyping = typing.stop;

  function typed(value: string) {
    setText(value);
    // A note is not typing the visitor should see; it still delays the end of a reply's.
    typing.typed(value, !whisper);
  }

  async function send() {
    const body = text;
    if (!body.trim() || sending) return;
    setSending(true);
    setError(undefined);
    try {
      await props.onSend(body, whisper);
      setText('');
      stopTyping();
    } catch (failure) {
      // The text stays in the box, so nothing typed is lost when a send fails.
      setError(failure instanceof Error ? failure.message : 'Not sent.');
    } finally {
      setSending(false);
    }
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <div className={`composer${whisper ? ' whisper-mode' : ''}`} data-testid="composer">
      <ModePicker whisper={whisper} onChange={setWhisper} />
      <textarea
        aria-label={whisper ? 'Internal note (not sent to the visitor)' : 'Reply to the visitor'}
        placeholder={whisper ? 'Internal note — only agents see this' : props.placeholder}
        value={text}
        disabled={props.disabled}
        rows={3}
        onChange={(event) => typed(event.target.value)}
        onKeyDown={keyDown}
        onBlur={stopTyping}
      />
      <div className="composer-actions">
        <span className="muted hint">Enter sends · Shift+Enter new line</span>
        {error && (
          <span role="alert" className="error">
            {error}
          </span>
        )}
        <button
          type="button"
          className="primary"
          disabled={props.disabled || sending || !text.trim()}
          onClick={() => void send()}
        >
          {whisper ? 'Add note' : 'Send'}
        </button>
      </div>
    </div>
  );
}

/** Reply to the visitor, or an internal note only agents see. */
function ModePicker(props: { whisper: boolean; onChange: (whisper: boolean) => void }) {
  return (
    <div className="composer-modes" role="radiogroup" aria-label="Message kind">
      <label>
        <input
          type="radio"
          name="mode"
          checked={!props.whisper}
          onChange={() => props.onChange(false)}
        />{' '}
        Reply
      </label>
      <label>
        <input
          type="radio"
          name="mode"
          checked={props.whisper}
          onChange={() => props.onChange(true)}
        />{' '}
        Internal note
      </label>
    </div>
  );
}

/** Signals typing at most every 3 s while visible text is typed, and its end after 4 s of quiet. */
function useTypingSignal(onTyping: (isTyping: boolean) => void) {
  const lastTyping = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  function stop() {
    clearTimeout(idle.current);
    if (lastTyping.current !== 0) onTyping(false);
    lastTyping.current = 0;
  }
  function typed(value: string, visible: boolean) {
    const now = Date.now();
    if (visible && value.trim() && now - lastTyping.current > 3_000) {
      lastTyping.current = now;
      onTyping(true);
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(() => stop(), 4_000);
  }
  return { typed, stop };
}

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
  const lastTyping = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  function typed(value: string) {
    setText(value);
    const now = Date.now();
    if (value.trim() && now - lastTyping.current > 3_000 && !whisper) {
      lastTyping.current = now;
      props.onTyping(true);
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(() => stopTyping(), 4_000);
  }

  function stopTyping() {
    clearTimeout(idle.current);
    if (lastTyping.current !== 0) props.onTyping(false);
    lastTyping.current = 0;
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
      <div className="composer-modes" role="radiogroup" aria-label="Message kind">
        <label>
          <input type="radio" name="mode" checked={!whisper} onChange={() => setWhisper(false)} />{' '}
          Reply
        </label>
        <label>
          <input type="radio" name="mode" checked={whisper} onChange={() => setWhisper(true)} />{' '}
          Internal note
        </label>
      </div>
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

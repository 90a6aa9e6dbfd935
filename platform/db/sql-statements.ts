/**
 * A `.sql` file's statements, one string each: split at the semicolons that end a statement, not at
 * those inside a quoted string, a quoted name, a dollar-quoted body (`$$ … $$`, `$fn$ … $fn$`) or a
 * comment. Needed because the embedded database runs one statement per query.
 */
export function sqlStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const skip =
      /^--[^\n]*/.exec(rest) ??
      /^\/\*[\s\S]*?\*\//.exec(rest) ??
      /^'(?:[^']|'')*'/.exec(rest) ??
      /^"(?:[^"]|"")*"/.exec(rest) ??
      dollarQuoted(rest);
    if (skip) {
      i += skip[0].length;
    } else if (text[i] === ';') {
      statements.push(text.slice(start, i));
      start = ++i;
    } else {
      i++;
    }
  }
  statements.push(text.slice(start));
  return statements.map(withoutComments).filter(Boolean);
}

/** `$tag$ … $tag$` from the start of `text`, or null. */
function dollarQuoted(text: string): RegExpExecArray | null {
  const open = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text);
  if (!open) return null;
  const close = text.indexOf(open[0], open[0].length);
  if (close < 0) throw new Error(`invariant: ${open[0]} is never closed`);
  return /^[\s\S]*/.exec(text.slice(0, close + open[0].length));
}

/** A statement without its leading comment lines and surrounding blanks; empty when nothing else is left. */
const withoutComments = (statement: string): string => statement.replace(/^(\s*--[^\n]*\n)*/, '').trim();

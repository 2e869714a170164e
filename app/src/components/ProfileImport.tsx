// Imports a profile: from a file (chosen or dropped on the screen), or pasted text or braid:// link; the name
// defaults from the file or the link, and the helper's refusal shows here with the line it names.
import { type FormEvent, useState } from "react";
import type { ProfileProblem } from "../../../main/ipc/settings-types";
import {
  isBraidLinkText,
  nameFromBraidLink,
  nameFromFileName,
  profileNameProblem,
} from "../format/profile-name";

/** The control API's importProfile limit. */
export const maxProfileChars = 65_536;

export interface ProfileImportProps {
  readonly text: string;
  readonly name: string;
  readonly busy: boolean;
  readonly problem: ProfileProblem | undefined;
  readonly imported: string | undefined;
  readonly onTextChange: (text: string) => void;
  readonly onNameChange: (name: string) => void;
  readonly onFile: (file: File) => void;
  readonly onImport: () => void;
}

/** Reads a chosen or dropped file into the form, naming it after the file unless a name was typed. */
export async function readProfileFile(
  file: File,
): Promise<{ text: string; name: string } | { error: string }> {
  if (file.size > maxProfileChars)
    return {
      error: `${file.name} is ${file.size} bytes; a profile is at most 64 KiB. Is it the right file?`,
    };
  const text = await file.text();
  return { text, name: nameFromBraidLink(text) ?? nameFromFileName(file.name) };
}

/** "profile line 6: Mode: ..." under a "Line 6:" label would say the line twice. */
function withoutLineMention(message: string): string {
  return message.replace(/profile line \d+: /, "");
}

export function ProfileImport(props: ProfileImportProps) {
  const { text, name, busy, problem, imported } = props;
  const [tried, setTried] = useState(false);
  const nameProblem = profileNameProblem(name);
  const tooLong = text.length > maxProfileChars;
  const lineText =
    problem?.line !== undefined && !isBraidLinkText(text) ? text.split(/\r?\n/)[problem.line - 1] : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (nameProblem || text.trim() === "" || tooLong || busy) return;
    props.onImport();
  }

  return (
    <section className="card profile-import" aria-labelledby="import-title">
      <h2 id="import-title" className="card-title">
        Import a profile
      </h2>
      <p className="import-hint">
        Drop a profile file anywhere on this screen, choose one, or paste a <code>braid://</code> link or the
        profile's text. Then check the name and import.
      </p>
      <form className="import-form" onSubmit={submit} noValidate>
        <div className="import-source">
          <label className="button file-button">
            Choose a file…
            <input
              className="visually-hidden"
              type="file"
              accept=".conf,.txt,text/plain"
              data-testid="profile-file"
              onChange={(event) => {
                const file = event.currentTarget.files?.[0];
                if (file) props.onFile(file);
                event.currentTarget.value = "";
              }}
            />
          </label>
        </div>
        <label className="field-label" htmlFor="import-text">
          Profile text or braid:// link
        </label>
        <textarea
          id="import-text"
          className="import-text"
          rows={8}
          spellCheck={false}
          value={text}
          aria-invalid={problem !== undefined || tooLong}
          aria-describedby="import-problem"
          placeholder={"[Interface]\nPrivateKey = …\n\n[Peer]\n…   or   braid://import?v=1&…"}
          onChange={(event) => props.onTextChange(event.currentTarget.value)}
        />
        <div className="import-name-row">
          <label className="field-label" htmlFor="import-name">
            Name
          </label>
          <input
            id="import-name"
            className="import-name"
            value={name}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={tried && nameProblem !== undefined}
            aria-describedby="import-name-problem"
            onChange={(event) => props.onNameChange(event.currentTarget.value)}
          />
          <button type="submit" className="button primary" aria-disabled={busy}>
            {busy ? "Importing…" : "Import"}
          </button>
        </div>
        <p id="import-name-problem" className="field-problem">
          {tried && nameProblem ? nameProblem : ""}
        </p>
        <div id="import-problem" className="import-problem" role="alert" data-testid="import-problem">
          {tooLong ? (
            <p>The text is over 64 KiB; a profile is a few hundred bytes. Is it the right file?</p>
          ) : problem ? (
            <>
              <p>
                {problem.line !== undefined && (
                  <strong data-testid="import-problem-line">
                    {isBraidLinkText(text)
                      ? `Line ${problem.line} of the profile in the link`
                      : `Line ${problem.line}`}
                    :{" "}
                  </strong>
                )}
                {problem.line !== undefined ? withoutLineMention(problem.message) : problem.message}
              </p>
              {lineText !== undefined && (
                <pre className="problem-line">
                  <span className="problem-line-number">{problem.line}</span>
                  {lineText}
                </pre>
              )}
            </>
          ) : imported ? (
            <p className="import-done">Imported {imported}.</p>
          ) : null}
        </div>
      </form>
    </section>
  );
}

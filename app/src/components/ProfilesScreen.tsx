// The Profiles screen: the list and the import form; a profile file dropped anywhere on it fills the form.
import { type DragEvent, useEffect, useState } from "react";
import type { BraidApi } from "../../../main/ipc/ipc-schema";
import { nameFromBraidLink } from "../format/profile-name";
import { useProfilesStore } from "../store/profiles-store";
import { useTunnelStore } from "../store/tunnel-store";
import { ProfileImport, readProfileFile } from "./ProfileImport";
import { ProfileList } from "./ProfileList";

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes("Files");

export function ProfilesScreen({ api }: { readonly api: BraidApi }) {
  const store = useProfilesStore();
  const { load, clearImportProblem } = store;
  const [text, setText] = useState("");
  const [name, setName] = useState("");
  /** Once a name is typed, a new file or link no longer replaces it. */
  const [nameTyped, setNameTyped] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | undefined>();

  // Loaded again when the tunnel's state changes: a helper that comes back (or restarts) has its own list.
  const tunnelState = useTunnelStore((s) => s.tunnel?.state);
  useEffect(() => {
    if (tunnelState !== undefined) void load(api);
  }, [api, load, tunnelState]);

  async function takeFile(file: File) {
    clearImportProblem();
    const read = await readProfileFile(file);
    if ("error" in read) {
      setFileError(read.error);
      return;
    }
    setFileError(undefined);
    setText(read.text);
    if (!nameTyped || name === "") {
      setName(read.name);
      setNameTyped(false);
    }
  }

  return (
    <section
      className="profiles-screen"
      aria-label="Profiles (drop a profile file anywhere here)"
      data-dragging={dragging}
      data-testid="profiles-screen"
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault(); // without it the browser (or Electron) opens the file instead
        event.dataTransfer.dropEffect = "copy";
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const file = event.dataTransfer.files[0];
        if (file) void takeFile(file);
      }}
    >
      <ProfileList
        list={store.list}
        busy={store.busy}
        error={store.error ?? fileError}
        onQuickConnect={(n) => void store.setQuickConnect(api, n)}
        onRemove={(n) => void store.remove(api, n)}
      />
      <ProfileImport
        text={text}
        name={name}
        busy={store.busy}
        problem={store.importProblem}
        imported={store.imported}
        onTextChange={(next) => {
          setText(next);
          clearImportProblem();
          const linkName = nameFromBraidLink(next);
          if (linkName && !nameTyped) setName(linkName);
        }}
        onNameChange={(next) => {
          setName(next);
          setNameTyped(true);
        }}
        onFile={(file) => void takeFile(file)}
        onImport={() => {
          void store.importProfile(api, name, text).then((ok) => {
            if (!ok) return;
            setText("");
            setName("");
            setNameTyped(false);
          });
        }}
      />
    </section>
  );
}

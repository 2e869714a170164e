// Renderer entry: mounts the app on the API the preload (or the dev bridge) exposed.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { getBraidApi } from "./braid-api";
import "./styles.css";
import { applyTheme, startupTheme } from "./theme/theme";

// The last theme picked paints the first frame; main's stored one follows with the settings.
applyTheme(startupTheme());

const root = document.getElementById("root");
if (!root) throw new Error("index.html lost its #root element");
createRoot(root).render(
  <StrictMode>
    <App api={getBraidApi()} />
  </StrictMode>,
);

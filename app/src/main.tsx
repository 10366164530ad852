// First: i18next is initialised (synchronously) before any component renders a text.
import "./i18n/setup";
// Then the design tokens and the base styles, so that every component's own stylesheet (imported
// by the component) comes after them in the bundle and refines them.
import "./styles/tokens.css";
import "./styles/base.css";
import "./styles/layout.css";
import { render } from "preact";
import { App } from "./app";

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
render(<App />, root);

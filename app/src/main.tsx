// First: i18next is initialised (synchronously) before any component renders a text.
import "./i18n/setup";
import { render } from "preact";
import { App } from "./app";
import "./app.css";

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
render(<App />, root);

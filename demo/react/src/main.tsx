// The dashboard's stylesheet, so both pages look alike; Vite emits it as a file (no inline style, per the CSP).
// biome-ignore lint/correctness/useImportExtensions: a stylesheet for Vite, not a module.
import '../../site/demo.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

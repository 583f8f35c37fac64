/** Console entry (its own Vite entry, so the pod screens' bundle is unaffected): render the shell. */
import { render } from 'preact';
import '../ui/pod.css';
import './console.css';
import { ConsoleApp } from './app.tsx';

const root = document.getElementById('console');
if (root) render(<ConsoleApp />, root);

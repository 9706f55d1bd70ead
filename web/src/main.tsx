import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { takeTokenFromLink } from './api';
import { App } from './App';
import './styles.css';

takeTokenFromLink();
const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );

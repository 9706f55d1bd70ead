import { useState } from 'react';
import type { User } from './api/auth';
import { clearSession, getStoredUser } from './lib/session';
import CartPage from './pages/CartPage';
import LoginPage from './pages/LoginPage';
import OrdersPage from './pages/OrdersPage';
import ProductPage from './pages/ProductPage';
import ProductsPage from './pages/ProductsPage';

type View =
  | { name: 'products' }
  | { name: 'product'; id: number }
  | { name: 'cart' }
  | { name: 'orders' }
  | { name: 'login' };

export default function App() {
  const [user, setUser] = useState<User | null>(() => getStoredUser());
  const [view, setView] = useState<View>({ name: 'products' });

  function requireLogin(next: View) {
    setView(user ? next : { name: 'login' });
  }

  function logout() {
    clearSession();
    setUser(null);
    setView({ name: 'products' });
  }

  return (
    <div className="shop">
      <header className="shop-header">
        <button type="button" onClick={() => setView({ name: 'products' })}>
          Shop
        </button>
        <nav>
          <button type="button" onClick={() => requireLogin({ name: 'cart' })}>
            Cart
          </button>
          <button type="button" onClick={() => requireLogin({ name: 'orders' })}>
            Orders
          </button>
          {user ? (
            <button type="button" onClick={logout}>
              Log out ({user.name})
            </button>
          ) : (
            <button type="button" onClick={() => setView({ name: 'login' })}>
              Log in
            </button>
          )}
        </nav>
      </header>

      <main>
        {view.name === 'products' && <ProductsPage onOpen={(id) => setView({ name: 'product', id })} />}
        {view.name === 'product' && (
          <ProductPage
            productId={view.id}
            isLoggedIn={user !== null}
            onNeedLogin={() => setView({ name: 'login' })}
            onBack={() => setView({ name: 'products' })}
          />
        )}
        {view.name === 'cart' && <CartPage />}
        {view.name === 'orders' && <OrdersPage />}
        {view.name === 'login' && (
          <LoginPage
            onLoggedIn={(loggedIn) => {
              setUser(loggedIn);
              setView({ name: 'products' });
            }}
          />
        )}
      </main>
    </div>
  );
}

/** Spanish UI text. @module */
import type { WhatsAppSignupStrings } from './en.js';

export const es: WhatsAppSignupStrings = {
  connect: 'Conectar WhatsApp',
  retry: 'Reintentar',
  regionLabel: 'Región de Sinch',
  storageLabel: 'Almacenamiento de datos de Meta',
  storagePlaceholder: 'Elige un país',
  loading: 'Cargando Facebook…',
  chooseStorage: 'Elige un país de almacenamiento para continuar.',
  awaitingMeta: 'Continúa en la ventana de Facebook…',
  cancelled: 'Registro cancelado. Puedes empezar de nuevo.',
  submitting: 'Configurando tu número…',
  stepSubproject: 'Creando tu proyecto en Sinch…',
  stepSender: 'Registrando tu número en Sinch…',
  stepSenderActivation: 'Esperando a que WhatsApp active tu número…',
  stepApp: 'Conectando la Conversation API…',
  completed: 'Tu número de WhatsApp está conectado.',
  errorSdkBlocked: 'Facebook no cargó. Puede que un bloqueador lo impida.',
  errorPopupBlocked: 'Se bloqueó la ventana de Facebook. Permite ventanas emergentes y reintenta.',
  errorPopupClosed: 'La ventana de Facebook se cerró antes de terminar.',
  errorMetaError: 'Error de Facebook: {message}',
  errorNoPhoneNumber: 'No se añadió ningún número. Empieza de nuevo y añade uno.',
  errorRelayUnreachable: 'No se puede contactar con el servicio de registro. Reintenta.',
  errorRelayRejected: 'El servicio de registro rechazó: {message}',
  errorOnboardingFailed: 'La configuración falló: {message}',
  errorTimeout: 'Facebook no respondió a tiempo. Reintenta.',
};

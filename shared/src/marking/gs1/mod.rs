//! GS1: the application identifier table read from the Barcode Syntax Dictionary,
//! its content checks, element strings (separated and bracketed) and Digital Link URIs.

pub mod dictionary;
pub mod digital_link;
pub mod element;
pub mod lint;

pub use dictionary::{AiSpec, Dictionary};
pub use digital_link::{DigitalLink, parse_digital_link};
pub use element::{
    GS, Gs1Element, elements_despite_combination, missing_requirements, parse_bracketed,
    parse_element_string, to_bracketed, to_element_string,
};
